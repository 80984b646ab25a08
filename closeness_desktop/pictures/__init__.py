"""Photos of memories as files: taken in safely, stored by content, thumbnails cached."""
