"""The published spec of PUT Contact/{id}: its sources, the derived JSON Schemas, their validators."""
