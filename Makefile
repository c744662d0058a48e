PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[neural,test]'

run: install
	$(BIN)/aligner batch corpora/zh corpora/en --out reports

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
