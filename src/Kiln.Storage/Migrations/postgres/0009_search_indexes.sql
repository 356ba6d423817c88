-- Run search starts from the rarest metric, param or tag condition: (key, value) indexes, covering the run id.
CREATE INDEX params_by_key_value ON params (key, value, run_id);
CREATE INDEX run_tags_by_key_value ON run_tags (key, value, run_id);
CREATE INDEX latest_metrics_by_key_value ON latest_metrics (key, value, run_id);
