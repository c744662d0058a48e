"""Loading documents, marking web page furniture, pairing renderings with originals."""
