# Two commands a fresh machine needs: `make run` and `make test`.
# Both create .venv when it is missing and (re)install when pyproject.toml changed.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench clean translations messages

# The first install downloads gigabytes: say so before it starts, and let pip show its progress
# (a silent `make run` looks hung for minutes). Upgrading pip itself is not worth the noise.
$(STAMP): pyproject.toml
	@echo "Installing Torch Workbench and its dependencies into $(VENV) (PyTorch is about 5.5 GB with CUDA, under 1 GB without; a few minutes on the first run)..."
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/workbench

# Two workers, one test file each at a time (a file's fixtures stay in one process): the suite in about 7 minutes
# on 2 cores instead of 10.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n 2 --dist loadfile

bench: $(STAMP)
	$(PY) bench/run_all.py

# After changing a visible string: refresh the .ts (then translate the new entries, e.g. in
# pyside6-linguist) and compile the .qm files that ship with the package.
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -no-obsolete $(shell find workbench/gui -name "*.py" | sort) -ts resources/translations/torch_workbench_zh_CN.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/torch_workbench_zh_CN.ts -qm resources/translations/torch_workbench_zh_CN.qm

# After changing a message in core (or the CLI): extract the _() strings into the template, merge it into each
# language's .po (then translate the new entries, e.g. in Poedit), and compile the .mo files that ship in the
# package. A new language: $(VENV)/bin/pybabel init -i $(POT) -d $(LOCALE) -D workbench -l LANG.
LOCALE := workbench/locale
POT    := $(LOCALE)/workbench.pot
messages: $(STAMP)
	$(VENV)/bin/pybabel extract --project="Torch Workbench" --version=$(shell sed -n 's/__version__ = "\(.*\)"/\1/p' workbench/__init__.py) \
		--add-location=file --sort-by-file -c "Translators:" -o $(POT) workbench/core workbench/cli.py workbench/console.py
	$(VENV)/bin/pybabel update --no-fuzzy-matching --ignore-obsolete -i $(POT) -d $(LOCALE) -D workbench
	$(VENV)/bin/pybabel compile --statistics -d $(LOCALE) -D workbench

clean:
	rm -rf $(VENV) build *.egg-info
