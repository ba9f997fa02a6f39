/**
 * The benchmark harness: baselines (L1 PostgreSQL, L2 Kafka, L3 both, raw replay) and the
 * ledger's services measured on the same data; run by deploy/bench.sh, reported in
 * docs/benchmarks.md.
 */
package kz.consentledger.deploy.bench;
