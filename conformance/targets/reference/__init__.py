"""The reference server: a faithful implementation of PUT /api/v1/Contact/{id}, backed by SQLite."""
