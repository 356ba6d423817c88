CREATE TABLE registered_models (
    model_id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    creation_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    description TEXT,
    user_id TEXT,
    next_version INTEGER NOT NULL
);

CREATE TABLE registered_model_tags (
    model_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
) WITHOUT ROWID;

CREATE TABLE model_versions (
    model_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    creation_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    description TEXT,
    user_id TEXT,
    current_stage TEXT NOT NULL,
    source TEXT NOT NULL,
    run_id TEXT,
    run_link TEXT,
    status TEXT NOT NULL,
    status_message TEXT,
    storage_location TEXT,
    model_metadata TEXT,
    PRIMARY KEY (model_id, version)
) WITHOUT ROWID;
CREATE INDEX model_versions_by_run ON model_versions (run_id);

CREATE TABLE model_version_tags (
    model_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (model_id, version, key)
) WITHOUT ROWID;

CREATE TABLE registered_model_aliases (
    model_id INTEGER NOT NULL,
    alias TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (model_id, alias)
) WITHOUT ROWID;

-- Audit history of alias moves and stage transitions; kept when models are deleted or renamed.
CREATE TABLE registry_events (
    event_id INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id INTEGER NOT NULL,
    model_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    alias TEXT,
    version INTEGER,
    from_version INTEGER,
    to_version INTEGER,
    from_stage TEXT,
    to_stage TEXT,
    actor TEXT,
    client_address TEXT,
    timestamp INTEGER NOT NULL
);
CREATE INDEX registry_events_by_model ON registry_events (model_id, event_id);
