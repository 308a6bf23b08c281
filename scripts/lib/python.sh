# Shared steps of the Python install scripts (sourced, not run): a virtualenv holding pinned
# packages from PyPI.

# shellcheck source=stamp.sh
source "$(dirname "${BASH_SOURCE[0]}")/stamp.sh"

# pip_venv NAME VENV MINOR IMPORTS REQUIREMENT...: makes VENV (Python 3.MINOR+, `python3` or
# $PYTHON) hold REQUIREMENT... and checks that `import IMPORTS` works. Idempotent; exits with a
# message saying what failed.
pip_venv() {
  local name="$1" venv="$2" minor="$3" imports="$4"
  shift 4
  local wanted="$*"
  if up_to_date "$venv" "$wanted" "$venv/bin/python"; then
    return 0
  fi
  local python=${PYTHON:-python3}
  if ! command -v "$python" >/dev/null 2>&1; then
    echo "$name install: $python not found; install Python 3.$minor+ (with venv) or set PYTHON" >&2
    exit 1
  fi
  if ! "$python" -c "import sys; sys.exit(0 if sys.version_info >= (3, $minor) else 1)"; then
    echo "$name install: $("$python" --version 2>&1) is too old; it needs Python 3.$minor+" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$venv")"
  if [[ ! -x "$venv/bin/python" ]]; then
    if ! "$python" -m venv "$venv"; then
      echo "$name install: '$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
      rm -rf "$venv"
      exit 1
    fi
  fi
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"; then
    echo "$name install: pip could not install $wanted from PyPI (network? proxy?)" >&2
    exit 1
  fi
  if ! "$venv/bin/python" -c "import $imports" 2>/dev/null; then
    echo "$name install: the packages installed but do not import ($imports)" >&2
    exit 1
  fi
  mark_installed "$name" "$venv" "$wanted"
}
