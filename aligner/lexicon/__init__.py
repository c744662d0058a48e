"""Dictionary evidence: CC-CEDICT, glossaries, zh->en glossing."""
