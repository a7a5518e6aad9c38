"""Model artifacts on disk (issue 17): hashing files into manifests; the bytes never enter the store."""
