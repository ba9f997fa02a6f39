#!/bin/sh
# Run once by the postgres image on an empty data directory: the owner that runs the migrations, the app role the
# services connect as (no CREATEDB, CREATEROLE, SUPERUSER), and the database (README, "On a server").
set -eu
psql -v ON_ERROR_STOP=1 --username postgres \
	-v owner_password="$(cat /run/secrets/db-owner-password)" \
	-v app_password="$(cat /run/secrets/db-app-password)" <<'SQL'
CREATE ROLE ledger_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE ledger_app LOGIN PASSWORD :'app_password';
CREATE DATABASE ledger OWNER ledger_owner;
REVOKE ALL ON DATABASE ledger FROM PUBLIC;
GRANT CONNECT ON DATABASE ledger TO ledger_app;
SQL
