"""Made-up but plausible words for a couple's timeline, drawn from a seeded random source.

The mix matters more than the prose: common words ("you", "love") are in most entries, as
in real notes, accents and emoji are frequent, a few entries use non-Latin scripts, and
one rare word (:data:`RARE_WORD`) lands in only a handful of entries, so searches for
common, rare, accented and symbol terms all have something realistic to find.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

#: Appears in only :data:`RARE_COUNT` entries of a seeded household.
RARE_WORD = "Zanzibar"
RARE_COUNT = 6
#: An emoji used in only a few entries (one entry in about two thousand).
RARE_EMOJI = "🦔"

NOTE_OPENERS = (
    "Good morning, love.",
    "Hey you.",
    "Morning, sleepyhead!",
    "Just thinking of you.",
    "I love you.",
    "Quick note before I run:",
    "Thank you for last night.",
    "You were so brave today.",
    "Guess what?",
    "Miss you already.",
    "Hi love ❤️",
    "Bonjour, mon cœur.",
    "Hello, my favourite person.",
    "Psst.",
    "Dear Sam,",
    "Dear Alex,",
)

NOTE_SENTENCES = (
    "I love you more than coffee, and you know how much I love coffee.",
    "Thank you for making breakfast, it was the best start to my day.",
    "I left some crème brûlée in the fridge for you.",
    "Can't stop smiling about our walk yesterday.",
    "You make the ordinary days feel like holidays.",
    "Don't forget your umbrella, it is going to pour this afternoon.",
    "I'm proud of you for finishing that report.",
    "Let's get coffee at the café on the corner after work?",
    "The plants are watered and the cat has been fed, so you can relax.",
    "I booked the table for Friday at Café Émile.",
    "Remember when we got lost in Málaga and found that tiny bakery?",
    "You looked so peaceful sleeping that I didn't want to wake you.",
    "I put a little something in your coat pocket.",
    "Your laugh is my favourite sound in the whole world.",
    "I know this week is hard; I'm right here with you.",
    "We should plan another trip soon, maybe Zürich or Kraków.",
    "Thank you for listening to me ramble about work.",
    "Dinner tonight is my treat, you choose the place.",
    "I found the recipe for that soup your grandmother used to make.",
    "Today I'm grateful for you, for us, and for warm socks.",
    "Can we stay in tonight and watch something silly?",
    "The naïve question I never asked: do you still love pineapple on pizza?",
    "I miss you when you're at the office, even though it's only for a few hours.",
    "Text me when you land, I'll pick you up.",
    "You are doing better than you think.",
    "Let's try that new ramen place near the station.",
    "Sorry I was grumpy this morning; that was about me, not you.",
    "I think the neighbours' dog finally likes me.",
    "Save me a piece of cake, please!",
    "The sunset from the balcony was pink and gold; I wish you'd seen it.",
    "You're my favourite hello and my hardest goodbye.",
    "Happy Monday! Coffee is in the thermos.",
    "I'm making your mum's lasagne tonight, wish me luck.",
    "I loved dancing in the kitchen with you.",
    "Do you want to visit São Paulo with me one day?",
    "I bought tickets for the concert in Ljubljana, surprise!",
    "The café had your favourite pastry so I got two.",
    "You deserve a long bath and an early night.",
    "Thank you for taking care of me when I was sick.",
    "I still think about our first date every time I walk past that bench.",
)

NOTE_CLOSERS = (
    "Love you.",
    "Love you, always.",
    "See you tonight!",
    "Yours, always.",
    "xx",
    "Big hug.",
    "Can't wait to see you.",
    "Je t'aime.",
    "Te quiero mucho.",
    "Kisses!",
    "Talk later.",
)

EMOJI = ("❤️", "🥰", "😘", "🌹", "☕", "🍝", "🌙", "✨", "🎉", "😴", "🫶", "👩‍❤️‍👨", "🐶", "😂")

NON_LATIN = (
    "愛してる",
    "사랑해",
    "Σ' αγαπώ",
    "Я тебя люблю",
    "أحبك",
    "मुझे तुमसे प्यार है",
    "ありがとう、大好き",
    "我爱你",
)

MEMORY_TITLES = (
    "Our first trip to Lisbon",
    "The night the power went out",
    "Picnic by the lake",
    "Moving into the new flat",
    "Sunrise hike",
    "Your birthday surprise",
    "Snowed in at the cabin",
    "The wedding of Mia and Jonas",
    "Found the café from our first date",
    "Adopting the cat",
    "Road trip to the coast",
    "Cooking class in Málaga",
    "Christmas market in Kraków",
    "Rainy Sunday with pancakes",
    "Our anniversary dinner",
    "Fireworks from the roof",
    "Reykjavík and the northern lights",
    "The day we planted the lemon tree",
)

MEMORY_SENTENCES = (
    "We laughed until our faces hurt.",
    "The weather was terrible and it didn't matter at all.",
    "You held my hand the whole way.",
    "We shared a crème brûlée and argued about the last spoonful.",
    "I want to remember how happy we were.",
    "We stayed up talking until three in the morning.",
    "The little café by the harbour served the best coffee.",
    "We got completely lost and found the most beautiful street.",
    "It rained, we ran, we got soaked, we didn't care.",
    "You sang along to every song in the car.",
    "I took a hundred photos and you are in all of them.",
    "We promised to come back every year.",
)

PLACES = (
    "",
    "",
    "home",
    "Café Émile",
    "the lake",
    "Lisbon",
    "Málaga",
    "Zürich",
    "Kraków",
    "São Paulo",
    "Reykjavík",
    "the old town",
    "Grandma's garden",
    "Ristorante Da Nino",
    "the beach",
)

PLAN_TITLES = (
    "Pasta night at home",
    "Stargazing at the lake",
    "Dinner at Café Émile",
    "Cinema and ice cream",
    "Board games and wine",
    "Pottery class",
    "Sunday brunch",
    "Concert in the park",
    "Cook something new together",
    "Dancing lessons",
    "Picnic and a long walk",
    "Museum late opening",
)

PLAN_NOTES = (
    "Bring a blanket.",
    "I'll book the table.",
    "Dress code: cosy.",
    "Phones off, please.",
    "We need to buy candles.",
    "Tickets are on my phone.",
)

FEELINGS = (
    "grateful",
    "tired",
    "hopeful",
    "anxious",
    "content",
    "loved",
    "stretched thin",
    "calm",
    "excited",
    "a bit lonely",
    "proud",
    "overwhelmed",
    "heureuse",
    "ruhig",
)

CHECKIN_TEXTS = (
    "Long day, but good.",
    "Work was a lot today; can we talk tonight?",
    "Feeling close to you lately.",
    "I slept badly and I'm cranky, sorry in advance.",
    "I loved our walk this morning.",
    "Missing my family a little.",
    "Really happy about the weekend plans.",
    "Stressed about money, let's sit down on Sunday.",
)

GOODBYES = (
    "Heading out, back by six. Love you!",
    "Off to work, have a lovely day.",
    "Gone to the gym, dinner's in the oven.",
    "Flying out now, I'll text you when I land.",
    "Out for a run, back soon.",
    "Visiting my parents, see you tomorrow ❤️",
)


class TextMaker:
    """Entry texts from one seeded random source, so a seed always gives the same household."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _pick(self, choices: Sequence[str]) -> str:
        return choices[int(self.rng.random() * len(choices))]

    def _sentences(self, pool: Sequence[str], count: int) -> str:
        return " ".join(self._pick(pool) for _ in range(count))

    def _decorate(self, text: str) -> str:
        """Now and then add emoji or a line in another script, as couples do."""
        roll = self.rng.random()
        if roll < 0.0005:
            text += " " + RARE_EMOJI
        elif roll < 0.30:
            text += " " + "".join(self._pick(EMOJI) for _ in range(self.rng.randint(1, 3)))
        if self.rng.random() < 0.02:
            text += "\n\n" + self._pick(NON_LATIN)
        return text

    def note_body(self) -> str:
        """A few words to several paragraphs."""
        roll = self.rng.random()
        if roll < 0.35:
            return self._decorate(self._pick(NOTE_OPENERS + NOTE_CLOSERS))
        if roll < 0.75:
            sentences = self._sentences(NOTE_SENTENCES, 1 + int(self.rng.random() * 3))
            body = f"{self._pick(NOTE_OPENERS)} {sentences}"
        elif roll < 0.95:
            sentences = self._sentences(NOTE_SENTENCES, 4 + int(self.rng.random() * 5))
            body = f"{self._pick(NOTE_OPENERS)}\n\n{sentences}\n\n{self._pick(NOTE_CLOSERS)}"
        else:
            paragraphs = [
                self._sentences(NOTE_SENTENCES, 4 + int(self.rng.random() * 6))
                for _ in range(3 + int(self.rng.random() * 4))
            ]
            body = "\n\n".join([self._pick(NOTE_OPENERS), *paragraphs, self._pick(NOTE_CLOSERS)])
        return self._decorate(body)

    def memory(self) -> tuple[str, str, str]:
        """A memory's title, text and place."""
        count = int(self.rng.random() * 7)
        text = self._decorate(self._sentences(MEMORY_SENTENCES, count)) if count else ""
        return self._pick(MEMORY_TITLES), text, self._pick(PLACES)

    def plan(self) -> tuple[str, str, str]:
        """A date-night plan's title, notes and place."""
        notes = self._pick(PLAN_NOTES) if self.rng.random() < 0.5 else ""
        return self._pick(PLAN_TITLES), notes, self._pick(PLACES)

    def checkin(self) -> tuple[int, str, str]:
        """A check-in's mood (1-5, mostly good), feeling words and optional text."""
        mood = self.rng.choices((1, 2, 3, 4, 5), weights=(3, 8, 25, 40, 24))[0]
        words = dict.fromkeys(self._pick(FEELINGS) for _ in range(self.rng.randint(0, 3)))
        text = self._pick(CHECKIN_TEXTS) if self.rng.random() < 0.45 else ""
        return mood, ", ".join(words), text

    def goodbye(self) -> str:
        return self._pick(GOODBYES)
