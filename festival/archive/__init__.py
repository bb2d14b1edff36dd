"""The public knowledge archive: what came out of each session (outcomes), its materials, the
search across editions (/kennisbank) and the national agenda of every published event."""
