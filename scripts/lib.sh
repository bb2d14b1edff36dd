# Shared setup for scripts/run, scripts/test and .ci/run (sourced, not executed).
# Everything here is idempotent: a second call installs nothing and takes a second.

# Debian packages WeasyPrint loads at run time (PDF tickets and badges).
WEASYPRINT_DEBS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation)
# Extra Debian packages the test suite uses: QR decoding of PDFs, browser tests, a fake camera,
# a Java runtime for the Nu HTML Checker (vnu.jar) that validates every page the browser tests see,
# and Caddy, whose adapter checks deploy/caddy/Caddyfile (tests/operations/test_deploy.py).
TEST_DEBS=(poppler-utils libzbar0 zbar-tools chromium ffmpeg fonts-liberation default-jre-headless caddy)
# Debian packages the benchmarks in bench/ use (scripts/bench installs them; the tests do not):
# wrk drives the HTTP load, redis-server and postgresql are the production setup they compare.
BENCH_DEBS=(wrk redis-server postgresql)

say() { printf '==> %s\n' "$*" >&2; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Print the packages of "$@" that dpkg does not list as installed.
missing_debs() {
    local pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
            printf '%s\n' "$pkg"
        fi
    done
}

# apt-get update at most once per run (.ci/run exports FESTIVAL_APT_UPDATED after its own).
apt_update_once() {
    if [ "${FESTIVAL_APT_UPDATED:-}" != 1 ]; then
        say "apt-get update"
        apt-get update -qq
        export FESTIVAL_APT_UPDATED=1
    fi
}

# Install the missing Debian packages among "$@" as root; otherwise say what to install.
ensure_debs() {
    local missing
    mapfile -t missing < <(missing_debs "$@")
    [ "${#missing[@]}" -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        say "not a Debian system: install the equivalents of: ${missing[*]}"
        return 0
    fi
    if ! is_root; then
        say "missing Debian packages (not root, so not installing): sudo apt-get install ${missing[*]}"
        return 0
    fi
    apt_update_once
    say "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Create .venv if missing and install the project into it (again only when pyproject.toml changed).
# $1: the extras to install, e.g. "test" (empty for none).
ensure_venv() {
    local extras="${1:-}" spec="." stamp=".venv/.festival-install" hash have_hash have_spec
    [ -n "$extras" ] && spec=".[$extras]"
    if [ ! -x .venv/bin/python ]; then
        say "creating .venv"
        python3 -m venv .venv
        .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    fi
    hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [ -f "$stamp" ] && read -r have_hash have_spec < "$stamp" && [ "$have_hash" = "$hash" ] \
        && { [ "$have_spec" = "$spec" ] || [ "$spec" = "." ]; }; then
        return 0  # up to date (an install with extras also serves the plain one)
    fi
    say "pip install -e '$spec'"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
    printf '%s %s\n' "$hash" "$spec" > "$stamp"
}

# Install the test tools pinned in package.json (axe-core, vnu-jar) into node_modules/ (no lock
# file: each is one exactly pinned package without dependencies).
ensure_axe_core() {
    local pkg want stale=()
    for pkg in axe-core vnu-jar; do
        want="$(sed -n "s/.*\"$pkg\": *\"\([^\"]*\)\".*/\1/p" package.json)"
        if ! grep -qs "\"version\": \"$want\"" "node_modules/$pkg/package.json"; then
            stale+=("$pkg $want")
        fi
    done
    [ "${#stale[@]}" -eq 0 ] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        if is_root && command -v apt-get >/dev/null 2>&1; then
            ensure_debs nodejs npm
        else
            say "npm is missing: install Node.js and npm to run the browser tests"
            return 0
        fi
    fi
    say "npm install (${stale[*]})"
    npm install --ignore-scripts --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null
}
