"""Segmentation of Chinese and English text, and number and date parsing."""

# Entries of a memo cache keyed by a whole text (a sentence, a bead, a link's or a document's text),
# as opposed to one keyed by a word. A pair needs one or two entries per sentence, so this many hold
# the texts of a pair of thousand-sentence documents, or of the last few dozen articles: a worker's
# cache is full after its first pairs and then holds as much whatever the size of the batch (word
# caches are bounded by the vocabulary instead). A pass over a whole batch must therefore keep what it
# needs twice itself rather than count on such a cache.
TEXT_CACHE_SIZE = 2048

# Entries of a memo cache keyed by one word (a gloss, a stem, a reading). Frequent words are most of
# the lookups (Zipf), so this many keep nearly every hit, and the cache is full after a worker's first
# few dozen pairs: its memory then stays the same whatever the size of the batch.
WORD_CACHE_SIZE = 20_000
