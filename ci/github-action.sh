#!/usr/bin/env bash
# The script part of the nwx-schema GitHub Action (action.yml).
#
#   github-action.sh install    create a virtual environment and install nwx-schema in it
#   github-action.sh validate   run `nwx-schema validate`: findings in the log (annotations
#                               by default), a SARIF report, outputs for later steps
#
# Configured by environment variables, which action.yml sets from its inputs. Each has a
# default, so the script also runs by hand or in another CI (bash 3.2 or later):
#
#   install   NWX_VENV              where to create the virtual environment (required)
#             NWX_ACTION_PATH       nwx-schema source to install [the checkout of this script]
#             NWX_VERSION           install this version from PyPI instead
#             NWX_PYTHON            interpreter that creates the environment [python3]
#   validate  NWX_PATHS             files, directories or shell patterns, one per line (required)
#             NWX_SCHEMA            the nwx-schema command [nwx-schema]
#             NWX_API_VERSION       [auto]     NWX_KIND  [auto]
#             NWX_OUTPUT_FORMAT     github | text | json | junit | sarif [github]
#             NWX_SARIF_FILE        SARIF report to write [nwx-schema.sarif]; empty: none
#             NWX_FAIL_ON_FINDINGS  true | false [true]
#             NWX_ARGS              more `nwx-schema validate` options, split on white space
#
# Outputs (appended to $GITHUB_OUTPUT when set): `command` (install); `exit-code` and
# `sarif-file` (validate). A summary goes to $GITHUB_STEP_SUMMARY when set.
# Exit codes: those of `nwx-schema validate` (0 valid, 1 findings, 2 usage or I/O error),
# except that 1 becomes 0 with NWX_FAIL_ON_FINDINGS=false; 2 for a bad setting.
set -euo pipefail

fail() {
    echo "::error title=nwx-schema action::$*"
    exit 2
}

output() {
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    fi
}

summary() {
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
        printf '%s\n' "$@" >>"$GITHUB_STEP_SUMMARY"
    fi
}

trim() {
    local text=$1
    text=${text%$'\r'}
    text=${text#"${text%%[![:space:]]*}"}
    text=${text%"${text##*[![:space:]]}"}
    printf '%s' "$text"
}

install_tool() {
    local venv=${NWX_VENV:-}
    [ -n "$venv" ] || fail "NWX_VENV: where to create the virtual environment is not set"
    local python=${NWX_PYTHON:-python3}
    if ! command -v "$python" >/dev/null 2>&1; then
        if [ "$python" = python3 ] && command -v python >/dev/null 2>&1; then
            python=python # Windows runners
        else
            fail "no Python interpreter '$python' (set the python input)"
        fi
    fi
    "$python" -m venv "$venv"
    local bin=$venv/bin
    [ -d "$bin" ] || bin=$venv/Scripts # Windows layout
    local spec
    if [ -n "${NWX_VERSION:-}" ]; then
        spec="nwx-schema==${NWX_VERSION#v}"
    else
        spec=${NWX_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}
    fi
    "$bin/python" -m pip install --quiet --disable-pip-version-check "$spec"
    "$bin/nwx-schema" --version
    output command "$bin/nwx-schema"
}

# Sets the array `paths` from NWX_PATHS: one path per line; a line with * ? or [ is a shell
# pattern (** crosses directories) and stays as written when it matches nothing, so that
# nwx-schema reports it as unreadable instead of silently checking less.
collect_paths() {
    paths=()
    local line matches saved_ifs=$IFS
    shopt -s globstar 2>/dev/null || true # bash 3.2 has no globstar: ** acts as *
    shopt -s nullglob
    while IFS= read -r line || [ -n "$line" ]; do
        line=$(trim "$line")
        [ -n "$line" ] || continue
        case $line in
        *[\*\?\[]*)
            IFS=$'\n'
            # shellcheck disable=SC2206 # expanding the pattern is the point
            matches=($line)
            IFS=$saved_ifs
            if [ ${#matches[@]} -gt 0 ]; then
                paths+=("${matches[@]}")
            else
                paths+=("$line")
            fi
            ;;
        *) paths+=("$line") ;;
        esac
    done <<<"${NWX_PATHS:-}"
    shopt -u nullglob
    [ ${#paths[@]} -gt 0 ] || fail "the paths input is empty: give the payload files or directories to validate"
}

validate() {
    local command=${NWX_SCHEMA:-nwx-schema}
    local format=${NWX_OUTPUT_FORMAT:-github}
    case $format in
    github | text | json | junit | sarif) ;;
    *) fail "output-format must be github, text, json, junit or sarif, not '$format'" ;;
    esac
    local fail_on
    fail_on=$(printf '%s' "${NWX_FAIL_ON_FINDINGS:-true}" | tr '[:upper:]' '[:lower:]')
    case $fail_on in
    true | false) ;;
    *) fail "fail-on-findings must be true or false, not '${NWX_FAIL_ON_FINDINGS}'" ;;
    esac
    local sarif=${NWX_SARIF_FILE-nwx-schema.sarif}
    collect_paths
    local extra=()
    read -r -a extra <<<"${NWX_ARGS:-}" || true
    local options=(--api-version "${NWX_API_VERSION:-auto}" --kind "${NWX_KIND:-auto}" --no-progress)
    options+=(${extra[@]+"${extra[@]}"})

    local log rc sarif_rc
    log=$(mktemp)
    set +e
    "$command" validate "${options[@]}" --output-format "$format" -- "${paths[@]}" | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e

    if [ -n "$sarif" ]; then
        if [ "$format" = sarif ]; then
            cp "$log" "$sarif"
        else
            mkdir -p -- "$(dirname -- "$sarif")"
            set +e
            # The findings were shown above; a second run only writes the report.
            "$command" validate "${options[@]}" --output-format sarif -- "${paths[@]}" >"$sarif" 2>/dev/null
            sarif_rc=$?
            set -e
            [ "$sarif_rc" -le "$rc" ] || rc=$sarif_rc
        fi
    fi

    output exit-code "$rc"
    output sarif-file "$sarif"
    summary "### nwx-schema validate" ""
    case $format in
    github | text) summary "$(tail -n 1 "$log")" "" ;;
    esac
    [ -z "$sarif" ] || summary "SARIF report: \`$sarif\`"
    rm -f "$log"

    if [ "$rc" -eq 1 ] && [ "$fail_on" = false ]; then
        echo "::notice title=nwx-schema::invalid payloads found; not failing the step (fail-on-findings: false)"
        return 0
    fi
    return "$rc"
}

case ${1:-} in
install) install_tool ;;
validate) validate ;;
*)
    echo "usage: $0 install|validate (settings in NWX_* environment variables; see the header)" >&2
    exit 2
    ;;
esac
