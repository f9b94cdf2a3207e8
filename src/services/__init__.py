"""Use cases: each public function is one user action and, if it writes, one transaction
that also writes the case's audit event and outbox row."""
