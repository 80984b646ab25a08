"""Special days: when each comes next (29 February too), and the words that count down to it."""
