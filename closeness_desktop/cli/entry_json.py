"""One timeline entry as ``closeness list --json`` prints it: its fields, whether it is
private or sealed (and when a sealed one opens, never its words), its photos (names and
content hashes), and the replies and signs on it, with who and when."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

from closeness_desktop.records import EntryRecord, PhotoInfo, Responses


def entry_line(
    row: EntryRecord,
    names: Mapping[uuid.UUID, str],
    photos: Sequence[PhotoInfo],
    responses: Responses,
) -> str:
    sealed = row.opens_at is not None
    entry = {
        "id": str(row.id),
        "kind": row.kind.value,
        "author": names.get(row.author_id),
        "to": names.get(row.addressee_id) if row.addressee_id else None,
        # A sealed note's row is blank already; said again here, so no change elsewhere
        # can let its words out before it opens.
        "title": "" if sealed else row.title,
        "text": "" if sealed else row.body,
        "place": "" if sealed else row.place,
        "when": row.occurred_at.isoformat(),
        "mood": None if sealed else row.mood,
        "feelings": "" if sealed else row.feelings,
        "private": row.private_to is not None,
        "sealed": (
            {"opens_at": _at(row.opens_at), "on_arrival": row.opens_with_arrival}
            if row.opens_at is not None
            else None
        ),
        "delivered_at": row.delivered_at.isoformat() if row.delivered_at else None,
        "read_at": row.read_at.isoformat() if row.read_at else None,
        "photos": [_photo(photo) for photo in photos],
        "reactions": [
            {
                "by": names.get(sign.partner_id),
                "sign": sign.sign.value,
                "at": sign.updated_at.isoformat(),
            }
            for sign in responses.reactions
        ],
        "replies": [
            {
                "by": names.get(reply.author_id),
                "text": reply.body,
                "at": reply.created_at.isoformat(),
            }
            for reply in responses.replies
        ],
    }
    return json.dumps(entry, ensure_ascii=False)


def _at(moment: datetime) -> str:
    return moment.isoformat()


def _photo(photo: PhotoInfo) -> dict[str, object]:
    return {
        "name": photo.name,
        "sha256": photo.sha256,
        "type": photo.suffix,
        "width": photo.width,
        "height": photo.height,
        "taken_at": photo.taken_at.isoformat() if photo.taken_at else None,
    }
