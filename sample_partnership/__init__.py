"""The bundled sample partnership: its history as data, and the builder that
replays it into a real git store (same commits on every machine)."""
