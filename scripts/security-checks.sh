#!/bin/sh
# The production-settings checks of the README's "Security and access" section:
#   1. manage.py check --deploy with DEBUG=0 (any warning fails);
#   2. bandit over our code (any high-severity finding fails);
#   3. pip-audit over requirements.txt (any known vulnerability fails); where the index reached
#      from here does not answer its per-release look-ups, scripts/pypi_advisories.py reads the
#      same PyPI advisory data for every installed package at its latest release.
#
#   sh scripts/security-checks.sh          (or: make security)
#
# Exit 0: all clean. Exit 1: a check failed. Exit 3: no check failed, but pip-audit could not
# audit (the package index this machine reaches answers installs but not the per-release
# vulnerability look-ups pip-audit makes) and the fallback could not check every package either;
# it says so and names them.
set -u
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
failed=0

if [ ! -x "$PY" ]; then
    echo "找不到 Python：$PY（请先运行 make security，它会建立虚拟环境并安装依赖；或设置 PY=…/bin/python）" >&2
    exit 1
fi

# The production settings want these from the environment; the check needs values, not live
# services, so a fresh checkout with no environment gets throwaway ones.
random_key() { $PY -c 'import secrets; print(secrets.token_urlsafe(50))'; }
echo "== 1. manage.py check --deploy (DEBUG=0) =="
DEBUG=0 \
SECRET_KEY="${SECRET_KEY:-$(random_key)}" \
AUDIT_KEY="${AUDIT_KEY:-$(random_key)}" \
CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/0}" \
ALLOWED_HOSTS="${ALLOWED_HOSTS:-portal.example.gov.cn}" \
DJANGO_SETTINGS_MODULE=portal.settings \
    $PY manage.py check --deploy --fail-level WARNING || failed=1

echo "== 2. bandit: high-severity findings in portal/, disclosures/, reviews/ =="
if $PY -m bandit -q -r portal disclosures reviews -x '*/migrations/*' --severity-level high; then
    echo "bandit: no high-severity finding"
else
    failed=1
fi

echo "== 3. pip-audit: requirements.txt =="
audit=$($PY -m pip_audit -r requirements.txt --strict --progress-spinner off 2>&1)
audit_rc=$?
echo "$audit"
not_audited=0
if [ $audit_rc -ne 0 ]; then
    if echo "$audit" | grep -q "could not be audited"; then
        echo "pip-audit: NOT AUDITED. The package index reached from here does not answer the per-release"
        echo "vulnerability look-ups pip-audit makes. The same PyPI advisory data, for each installed"
        echo "package at its latest release:"
        $PY scripts/pypi_advisories.py
        case $? in
            0) ;;
            1) failed=1 ;;
            *) not_audited=1 ;;
        esac
    else
        failed=1
    fi
fi

if [ $failed -ne 0 ]; then
    echo "security checks: FAILED"
    exit 1
fi
if [ $not_audited -ne 0 ]; then
    echo "security checks: check --deploy and bandit clean; no known vulnerability found, but not every package could be checked (see above)"
    exit 3
fi
echo "security checks: all clean"
