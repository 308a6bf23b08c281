# The up-to-date check every install script makes (sourced, not run): a stamp file in the tool's
# folder names what was installed there, written only once everything installed and loaded.

# up_to_date DIR WANTED PROBE: whether DIR/.installed names WANTED and PROBE (a path that the
# install creates) exists.
up_to_date() {
  local dir="$1" wanted="$2" probe="$3"
  [[ -f "$dir/.installed" && "$(cat "$dir/.installed")" == "$wanted" && -e "$probe" ]]
}

# mark_installed NAME DIR WANTED: writes the stamp and says where the tool is.
mark_installed() {
  local name="$1" dir="$2" wanted="$3"
  echo "$wanted" > "$dir/.installed"
  echo "$name install: ready in $dir"
}
