"""Taking photos in, keeping them by content, and their thumbnails: no database, no Qt.

The photos in tests/data/photos are Dave Perrett's EXIF orientation samples (MIT, see
LICENSE) and pillow-heif's test images (BSD, see LICENSE-pillow-heif.txt).
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from closeness_desktop.pictures import intake, thumbnails
from closeness_desktop.pictures.intake import clean_name, take_in
from closeness_desktop.pictures.photo_folder import PhotoFolder
from closeness_desktop.records import ValidationError

PHOTOS = Path(__file__).parent.parent / "data" / "photos"
GPS_IFD, EXIF_IFD, TAKEN = 0x8825, 0x8769, 0x9003
BERLIN = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 0.0)}


def png_header(width: int, height: int, rows: int = 1) -> bytes:
    """A PNG of one-bit pixels that says it is ``width`` by ``height``; ``rows`` of them are
    really there (all of them make a true decompression bomb: a few hundred kB on disk)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte, then the row's bits, all black
    body = b"".join(packer.compress(row) for _ in range(rows)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def with_location(tmp_path: Path, name: str = "beach.jpg") -> Path:
    """Landscape_1.jpg with a GPS block (Berlin) and a time it was taken."""
    image = read(PHOTOS / "Landscape_1.jpg")
    exif = image.getexif()
    exif.get_ifd(GPS_IFD).update(BERLIN)
    exif.get_ifd(EXIF_IFD)[TAKEN] = "2019:07:14 18:20:00"
    target = tmp_path / name
    image.save(target, quality=90, exif=exif)
    return target


def stored(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def read(path: Path) -> Image.Image:
    intake.heic_readable()  # pillow-heif registered, whichever test runs first
    with Image.open(path) as image:
        image.load()
    return image


def looks_alike(first: Image.Image, second: Image.Image) -> bool:
    """The same picture the same way up, give or take re-encoding."""
    small = (90, 60) if first.width > first.height else (60, 90)
    a = first.convert("L").resize(small)
    b = second.convert("L").resize(small)
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0] < 12


# -- what is refused, in words naming the file ---------------------------------------


def refusal(path: Path) -> str:
    with pytest.raises(ValidationError) as raised:
        take_in(path)
    return str(raised.value)


def test_a_missing_file_is_named_and_said_gone(tmp_path: Path) -> None:
    said = refusal(tmp_path / "holiday.jpg")
    assert "“holiday.jpg”" in said
    assert "not there any more" in said


def test_a_text_file_named_jpg_is_not_a_photo(tmp_path: Path) -> None:
    fake = tmp_path / "recipe.jpg"
    fake.write_text("two eggs, a cup of flour, and patience\n")
    said = refusal(fake)
    assert said == "“recipe.jpg” is not a photo Closeness can read (JPEG, PNG, WebP, GIF or HEIC)."
    assert "eggs" not in said


def test_a_folder_an_empty_file_and_a_pipe_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "album.jpg"
    folder.mkdir()
    assert "is a folder" in refusal(folder)
    empty = tmp_path / "empty.png"
    empty.touch()
    assert "is empty" in refusal(empty)
    if hasattr(os, "mkfifo"):
        pipe = tmp_path / "pipe.jpg"
        os.mkfifo(pipe)
        # Read without blocking: a pipe never hangs the window, it is refused.
        assert "is not a file" in refusal(pipe)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_a_file_not_allowed_to_be_read_is_said_so(tmp_path: Path) -> None:
    private = tmp_path / "theirs.jpg"
    private.write_bytes((PHOTOS / "Landscape_1.jpg").read_bytes())
    private.chmod(0)
    assert refusal(private) == "Closeness is not allowed to open “theirs.jpg”."


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "scan.jpg"
    with huge.open("wb") as out:
        out.truncate(intake.MAX_FILE_BYTES + 1)  # sparse: no disk used
    said = refusal(huge)
    assert said == "“scan.jpg” is 100 MB, more than the 100 MB a photo here can be."


def test_a_huge_image_is_refused_from_its_header(tmp_path: Path) -> None:
    huge = tmp_path / "panorama.png"
    huge.write_bytes(png_header(11_000, 11_000))  # 121 megapixels, one row really there
    said = refusal(huge)
    assert "“panorama.png” is 11,000 by 11,000 pixels, too large to open safely" in said
    assert "120 megapixels" in said


def test_a_decompression_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header(20_000, 20_000, rows=20_000))  # 400 megapixels, all there
    assert bomb.stat().st_size < 1_000_000
    assert refusal(bomb) == "“bomb.png” is too large to open safely."


def test_a_photo_cut_short_is_refused(tmp_path: Path) -> None:
    cut = tmp_path / "cut.jpg"
    cut.write_bytes((PHOTOS / "Landscape_1.jpg").read_bytes()[:100_000])
    assert refusal(cut) == "“cut.jpg” is damaged or cut short, so it cannot be shown."


def test_a_truncated_heic_is_refused(tmp_path: Path) -> None:
    # pillow-heif's "truncated.heic" still holds its whole 16 by 16 picture; cut it more.
    cut = tmp_path / "phone.heic"
    cut.write_bytes((PHOTOS / "truncated.heic").read_bytes()[:1500])
    assert refusal(cut) == "“phone.heic” is damaged or cut short, so it cannot be shown."
    assert take_in(PHOTOS / "truncated.heic").width == 16


def test_heic_without_pillow_heif_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(intake, "heic_readable", lambda: False)
    said = refusal(PHOTOS / "pug.heic")
    assert said.startswith("“pug.heic” is a HEIC photo from a phone; reading those needs")
    assert "pillow-heif" in said


# -- names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("C:\\Users\\sam\\Pictures\\us.jpg", "us.jpg"),
        ("first\ndate\r\n.jpg", "first date .jpg"),
        ("tab\there.png", "tab here.png"),
        ("Strand 🌊 A\u030aland.jpg", "Strand 🌊 Åland.jpg"),
        ("/photos/..", "photo"),
        ("bad\udcffbyte.jpg", "bad\ufffdbyte.jpg"),
    ],
)
def test_names_are_cleaned_for_captions(raw: str, name: str) -> None:
    assert clean_name(raw) == name


def test_a_very_long_name_is_shortened_keeping_its_suffix() -> None:
    name = clean_name("x" * 400 + ".jpeg")
    assert len(name) == intake.NAME_MAX
    assert name.endswith("x.jpeg")


def test_odd_file_names_on_disk_are_taken_in(tmp_path: Path) -> None:
    source = (PHOTOS / "Landscape_1.jpg").read_bytes()
    for odd in ("our\nfirst day.jpg", "ünïcödé 💞.jpg", "y" * 240 + ".jpg", "-rf .jpg"):
        path = tmp_path / odd
        path.write_bytes(source)
        photo = take_in(path)
        assert photo.name == clean_name(odd)
        assert "\n" not in photo.name
        assert photo.data == source


# -- what is kept ------------------------------------------------------------------


def test_an_upright_photo_without_location_is_kept_byte_for_byte() -> None:
    source = (PHOTOS / "Landscape_1.jpg").read_bytes()
    photo = take_in(PHOTOS / "Landscape_1.jpg")
    assert photo.data == source
    assert photo.sha256 == hashlib.sha256(source).hexdigest()
    assert (photo.suffix, photo.width, photo.height, photo.size) == ("jpg", 1800, 1200, len(source))


@pytest.mark.parametrize("turned", ["Landscape_3.jpg", "Landscape_6.jpg", "Landscape_8.jpg"])
def test_exif_orientation_is_applied_in_the_kept_copy(turned: str) -> None:
    upright = read(PHOTOS / "Landscape_1.jpg")
    photo = take_in(PHOTOS / turned)
    copy = stored(photo.data)
    assert copy.size == (1800, 1200) == (photo.width, photo.height)  # landscape stays so
    assert copy.getexif().get(0x0112) in (None, 1)
    assert looks_alike(copy, upright)


def test_a_portrait_stays_a_portrait() -> None:
    photo = take_in(PHOTOS / "Portrait_6.jpg")
    assert (photo.width, photo.height) == (1200, 1800)
    assert stored(photo.data).size == (1200, 1800)


def test_location_is_stripped_and_the_rest_kept_without_re_encoding(tmp_path: Path) -> None:
    source = with_location(tmp_path)
    photo = take_in(source)
    copy = stored(photo.data)
    exif = copy.getexif()
    assert not exif.get_ifd(GPS_IFD)
    assert exif.get_ifd(EXIF_IFD)[TAKEN] == "2019:07:14 18:20:00"
    assert photo.taken_at is not None
    assert photo.taken_at.isoformat() == "2019-07-14T18:20:00"  # no offset: local time
    # Segments rewritten, pixels untouched.
    assert ImageChops.difference(copy, stored(source.read_bytes())).getbbox() is None
    assert b"52.0" not in photo.data


def test_location_is_kept_when_asked(tmp_path: Path) -> None:
    source = with_location(tmp_path)
    photo = take_in(source, keep_location=True)
    assert photo.data == source.read_bytes()
    assert dict(stored(photo.data).getexif().get_ifd(GPS_IFD))[1] == "N"


def test_a_heic_photo_becomes_an_upright_jpeg_without_its_location() -> None:
    original = read(PHOTOS / "pug.heic")
    assert original.getexif().get_ifd(GPS_IFD)  # the phone wrote where it was taken
    photo = take_in(PHOTOS / "pug.heic")
    copy = stored(photo.data)
    assert (copy.format, photo.suffix) == ("JPEG", "jpg")
    assert copy.size == original.size == (photo.width, photo.height)
    assert not copy.getexif().get_ifd(GPS_IFD)
    assert photo.taken_at is not None
    assert photo.taken_at.utcoffset() is not None
    kept = take_in(PHOTOS / "pug.heic", keep_location=True)
    assert stored(kept.data).getexif().get_ifd(GPS_IFD)


def test_a_heic_with_exif_xmp_and_iptc_loses_its_xmp() -> None:
    photo = take_in(PHOTOS / "L_exif_xmp_iptc.heic")
    copy = stored(photo.data)
    assert "xmp" not in copy.info
    assert b"<x:xmpmeta" not in photo.data


def test_the_same_photo_gives_the_same_copy() -> None:
    first = take_in(PHOTOS / "Landscape_6.jpg")
    again = take_in(PHOTOS / "Landscape_6.jpg")
    assert first.sha256 == again.sha256
    assert first.data == again.data


# -- the photo folder and thumbnails -----------------------------------------------------


def test_the_library_keeps_a_file_once_privately_and_by_its_hash(tmp_path: Path) -> None:
    photo_folder = PhotoFolder(tmp_path)
    photo = take_in(PHOTOS / "Landscape_1.jpg")
    assert photo_folder.keep(photo.sha256, photo.suffix, photo.data)
    assert not photo_folder.keep(photo.sha256, photo.suffix, photo.data)  # there already
    path = photo_folder.path_of(photo.sha256, "jpg")
    assert path == tmp_path / "photos" / photo.sha256[:2] / f"{photo.sha256}.jpg"
    assert path.read_bytes() == photo.data
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [each.sha256 for each in photo_folder.files()] == [photo.sha256]
    assert not [name for name in os.listdir(path.parent) if name.startswith(".")]


def test_the_library_refuses_names_that_are_not_hashes(tmp_path: Path) -> None:
    photo_folder = PhotoFolder(tmp_path)
    for sha, suffix in (("../../etc/passwd", "jpg"), ("a" * 64, "../x"), ("A" * 64, "jpg")):
        with pytest.raises(ValueError, match="not a photo's name"):
            photo_folder.path_of(sha, suffix)


def test_a_file_cut_short_elsewhere_is_written_again(tmp_path: Path) -> None:
    photo_folder = PhotoFolder(tmp_path)
    photo = take_in(PHOTOS / "Landscape_1.jpg")
    path = photo_folder.path_of(photo.sha256, "jpg")
    path.parent.mkdir(parents=True)
    path.write_bytes(photo.data[:10])
    assert photo_folder.keep(photo.sha256, photo.suffix, photo.data)
    assert path.read_bytes() == photo.data


@pytest.mark.parametrize(
    ("name", "shape"), [("Landscape_6.jpg", (128, 85)), ("Portrait_6.jpg", (85, 128))]
)
def test_thumbnails_are_upright_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, shape: tuple[int, int]
) -> None:
    target = tmp_path / "thumbnails" / "128" / "one.jpg"
    made = thumbnails.thumbnail(PHOTOS / name, target, 128)
    image = read(made)
    assert image.size == shape
    upright = take_in(PHOTOS / name)
    assert looks_alike(image, stored(upright.data))
    first = made.stat().st_mtime_ns
    decoded: list[Path] = []
    monkeypatch.setattr(thumbnails, "small_jpeg", lambda *args: decoded.append(args[0]))
    assert thumbnails.thumbnail(PHOTOS / name, target, 128) == made
    assert decoded == []  # the second time nothing is decoded
    assert made.stat().st_mtime_ns == first


def test_a_thumbnail_of_a_damaged_file_is_refused_in_words(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes((PHOTOS / "Landscape_1.jpg").read_bytes()[:5000])
    with pytest.raises(ValidationError, match="damaged or cut short"):
        thumbnails.thumbnail(broken, tmp_path / "t.jpg", 64)
    assert not (tmp_path / "t.jpg").exists()
