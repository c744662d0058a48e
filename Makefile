PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

install: $(BIN)/python
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || { echo "make: $(VENV) has no pip (an interrupted set-up); making it again"; \
	  rm -rf $(VENV) && $(PY) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[neural,dask,test]'

run: install
	$(BIN)/aligner batch corpora/zh corpora/en --out reports

# The browser test needs Chromium at /usr/bin/chromium (and CJK fonts for its screenshot); as root on
# Debian/Ubuntu we install them, elsewhere tests/test_browser.py skips and says why.
test: install
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing chromium for the browser test"; \
	  { apt-get install -y -q chromium fonts-wqy-zenhei >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && apt-get install -y -q chromium fonts-wqy-zenhei >/dev/null; }; } || \
	  echo "make: could not install chromium; the browser test will skip"; \
	fi
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
