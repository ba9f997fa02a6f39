#!/usr/bin/env bash
# POSTs the contract's example events to the command service's HTTP ingestion, one structured CloudEvent per
# request, in the story order of docs/contract/examples/README.md, printing each HTTP status.
#
#   ./deploy/post-examples.sh [--upto N] [EXAMPLES_DIR]
#
# Environment: LEDGER_COMMAND_URL (default http://localhost:8081), LEDGER_INGEST_ACCOUNT (default the demo account
# ingest:ingest-demo of deploy/local-accounts.yml). Exits 1 if any request was not accepted (>= 400).
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

story_files "$@"
url="${LEDGER_COMMAND_URL:-http://localhost:8081}/api/v1/events"

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
failed=0
for file in "${STORY_FILES[@]}"; do
	name=$(basename "$file" .json)
	status="$(curl -sS -o "$body" -w '%{http_code}' -u "${LEDGER_INGEST_ACCOUNT:-ingest:ingest-demo}" -X POST \
		-H 'Content-Type: application/cloudevents+json' \
		--data-binary "@$file" "$url")" || die "cannot reach $url (is the command service running? ./deploy/run.sh)"
	printf '%-34s HTTP %s\n' "$name.json" "$status"
	if [[ $status -ge 400 ]]; then
		failed=1
		sed 's/^/    /' "$body"
		echo
	fi
done
exit $failed
