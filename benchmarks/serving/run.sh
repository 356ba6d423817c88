#!/usr/bin/env bash
# Serving benchmark: Kiln (Release build) against Flask+gunicorn and FastAPI+uvicorn serving the same scikit-learn
# models, side by side, with wrk at concurrency 1, 8 and 64. Prints a markdown table (also saved under results/).
#   benchmarks/serving/run.sh                 # DURATION=10 (seconds per measurement) by default
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="${root}/benchmarks/serving"
duration="${DURATION:-10}"
work="$(mktemp -d /tmp/kiln-serving-bench.XXXXXX)"
results="${here}/results"
mkdir -p "${results}"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "${pid}" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "${work}"
}
trap cleanup EXIT

# --- Tools (Debian packages) -----------------------------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v gunicorn >/dev/null || need+=(gunicorn)
/usr/bin/python3 -c "import flask" 2>/dev/null || need+=(python3-flask)
/usr/bin/python3 -c "import fastapi, uvicorn" 2>/dev/null || need+=(python3-fastapi python3-uvicorn)
/usr/bin/python3 -c "import sklearn, onnx" 2>/dev/null || need+=(python3-sklearn python3-onnx)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# --- Models and Kiln --------------------------------------------------------------------------------------------
models="${work}/models"
/usr/bin/python3 "${root}/tools/fixtures/make_fixtures.py" --benchmark-models "${models}" >/dev/null
/usr/bin/python3 "${here}/make_mlflow_models.py" "${models}" "${work}/mlflow"
echo "building kiln (Release)..." >&2
dotnet build "${root}/src/Kiln.Cli/Kiln.Cli.csproj" -c Release -o "${root}/artifacts/kiln" --nologo -clp:ErrorsOnly -v:q >&2

kiln_port=18080; flask_port=18081; fastapi_port=18082

wait_http() { # url
    for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
    echo "timed out waiting for $1" >&2; return 1
}

json() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

register() { # name folder
    local api="http://127.0.0.1:${kiln_port}/api/2.0"
    local run; run=$(curl -sf -X POST "${api}/mlflow/runs/create" -H 'Content-Type: application/json' -d '{"experiment_id":"0"}')
    local run_id; run_id=$(echo "${run}" | json 'd["run"]["info"]["run_id"]')
    local uri; uri=$(echo "${run}" | json 'd["run"]["info"]["artifact_uri"]')
    local path="${uri#mlflow-artifacts:/}"
    for file in "$2"/*; do
        curl -sf -X PUT --data-binary "@${file}" "${api}/mlflow-artifacts/artifacts/${path}/model/$(basename "${file}")" >/dev/null
    done
    curl -sf -X POST "${api}/mlflow/registered-models/create" -H 'Content-Type: application/json' -d "{\"name\":\"$1\"}" >/dev/null
    curl -sf -X POST "${api}/mlflow/model-versions/create" -H 'Content-Type: application/json' \
        -d "{\"name\":\"$1\",\"source\":\"${uri}/model\",\"run_id\":\"${run_id}\"}" >/dev/null
    curl -sf -X POST "${api}/mlflow/registered-models/alias" -H 'Content-Type: application/json' \
        -d "{\"name\":\"$1\",\"alias\":\"production\",\"version\":\"1\"}" >/dev/null
}

start_kiln() { # data-dir [extra env...]
    env "${@:2}" "${root}/artifacts/kiln/kiln" server --port "${kiln_port}" --data-dir "$1" >"${work}/kiln.log" 2>&1 &
    kiln_pid=$!; pids+=("${kiln_pid}")
    wait_http "http://127.0.0.1:${kiln_port}/health"
}

wait_models() {
    for name in random_forest mlp; do wait_http "http://127.0.0.1:${kiln_port}/v2/models/${name}/ready"; done
}

rss_kb() { # pid [pid...] -> sum of field ($1: VmRSS or VmHWM) over the processes and their children
    local field=$1; shift; local total=0
    for pid in "$@" $(for p in "$@"; do pgrep -P "$p" || true; done); do
        local kb; kb=$(awk -v f="${field}:" '$1==f {print $2}' "/proc/${pid}/status" 2>/dev/null || echo 0)
        total=$((total + ${kb:-0}))
    done
    echo "${total}"
}

# wrk one measurement: prints "rps p50_us p99_us errors"
measure() { # url body connections
    local threads=$(( $3 < 2 ? 1 : 2 ))
    BODY_FILE="$2" wrk -t"${threads}" -c"$3" -d"${duration}s" --latency -s "${here}/post.lua" "$1" >"${work}/wrk.txt" 2>&1 || true
    /usr/bin/python3 - "${work}/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def micros(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 1, "ms": 1000, "s": 1000000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = micros(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = micros(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
socket = re.search(r"Socket errors: (.*)", text)
print(f"{rps:.0f} {p50:.0f} {p99:.0f} {int(errors.group(1)) if errors else 0}{' socket:' + socket.group(1).replace(' ', '') if socket else ''}")
PY
}

metric() { # name model -> value from Kiln's /metrics
    curl -sf "http://127.0.0.1:${kiln_port}/metrics" | awk -v n="$1{model=\"$2\",version=\"1\"}" '$1==n {print $2}'
}

declare -A rows
run_server() { # label url-prefix pid...
    local label=$1 prefix=$2; shift 2
    for model in random_forest mlp; do
        BODY_FILE="${work}/mlflow/${model}.request.json" wrk -t1 -c4 -d2s -s "${here}/post.lua" "${prefix}/${model}/invocations" >/dev/null 2>&1 || true
        for c in 1 8 64; do
            rows["${label}|${model}|${c}"]=$(measure "${prefix}/${model}/invocations" "${work}/mlflow/${model}.request.json" "${c}")
            echo "${label} ${model} c=${c}: ${rows["${label}|${model}|${c}"]}" >&2
        done
    done
    rows["${label}|rss"]=$(( $(rss_kb VmHWM "$@") / 1024 ))
}

# --- Kiln -------------------------------------------------------------------------------------------------------
start_kiln "${work}/kiln-data"
register random_forest "${work}/mlflow/random_forest"
register mlp "${work}/mlflow/mlp"
wait_models
for model in random_forest mlp; do curl -sf -X POST -H 'Content-Type: application/json' --data-binary "@${work}/mlflow/${model}.request.json" \
    "http://127.0.0.1:${kiln_port}/v2/models/${model}/invocations" >/dev/null; done
sleep 2
kiln_idle_mb=$(( $(rss_kb VmRSS "${kiln_pid}") / 1024 ))
run_server kiln "http://127.0.0.1:${kiln_port}/v2/models" "${kiln_pid}"

# Overhead at concurrency 1: wrk's p50 minus ONNX Runtime's own run time, measured in-process by Kiln for the same
# request (kiln_inference_compute_duration_seconds); and Kiln's in-server time (request duration) minus the run.
declare -A ort_us server_us
for model in random_forest mlp; do
    before_sum=$(metric kiln_inference_compute_duration_seconds_sum "${model}"); before_n=$(metric kiln_inference_compute_duration_seconds_count "${model}")
    total_sum=$(metric kiln_inference_request_duration_seconds_sum "${model}"); total_n=$(metric kiln_inference_request_duration_seconds_count "${model}")
    ort_us[$model]=$(/usr/bin/python3 -c "print(f'{${before_sum}/${before_n}*1e6:.1f}')")
    server_us[$model]=$(/usr/bin/python3 -c "print(f'{${total_sum}/${total_n}*1e6:.1f}')")
done
kill "${kiln_pid}"; wait "${kiln_pid}" 2>/dev/null || true

# Kiln with dynamic batching (concurrency 64): batch whatever is queued, up to 64 rows, no added delay.
start_kiln "${work}/kiln-data" Kiln__Serving__DefaultBatching__MaxBatchSize=64 Kiln__Serving__DefaultBatching__MaxQueueDelayMicroseconds=0
wait_models
declare -A batched
for model in random_forest mlp; do
    BODY_FILE="${work}/mlflow/${model}.request.json" wrk -t2 -c64 -d2s -s "${here}/post.lua" "http://127.0.0.1:${kiln_port}/v2/models/${model}/invocations" >/dev/null 2>&1 || true
    batched[$model]=$(measure "http://127.0.0.1:${kiln_port}/v2/models/${model}/invocations" "${work}/mlflow/${model}.request.json" 64)
    sum=$(metric kiln_inference_batch_size_sum "${model}"); count=$(metric kiln_inference_batch_size_count "${model}")
    batched[$model]="${batched[$model]} $(/usr/bin/python3 -c "print(f'{${sum}/${count}:.1f}')")"
    echo "kiln+batching ${model} c=64: ${batched[$model]}" >&2
done
kill "${kiln_pid}"; wait "${kiln_pid}" 2>/dev/null || true

# --- Python baselines -------------------------------------------------------------------------------------------
cd "${here}/baselines"
BENCH_MODELS_DIR="${models}" gunicorn -w 4 -b "127.0.0.1:${flask_port}" --log-level warning flask_app:app >"${work}/flask.log" 2>&1 &
flask_pid=$!; pids+=("${flask_pid}")
BENCH_MODELS_DIR="${models}" /usr/bin/python3 -m uvicorn fastapi_app:app --host 127.0.0.1 --port "${fastapi_port}" --workers 2 --log-level warning >"${work}/fastapi.log" 2>&1 &
fastapi_pid=$!; pids+=("${fastapi_pid}")
for port in "${flask_port}" "${fastapi_port}"; do
    for _ in $(seq 1 300); do
        curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "@${work}/mlflow/mlp.request.json" "http://127.0.0.1:${port}/models/mlp/invocations" && break
        sleep 0.2
    done
done
kill -STOP "${fastapi_pid}" $(pgrep -P "${fastapi_pid}") 2>/dev/null || true
run_server flask "http://127.0.0.1:${flask_port}/models" "${flask_pid}"
kill -CONT "${fastapi_pid}" $(pgrep -P "${fastapi_pid}") 2>/dev/null || true
kill -STOP "${flask_pid}" $(pgrep -P "${flask_pid}") 2>/dev/null || true
run_server fastapi "http://127.0.0.1:${fastapi_port}/models" "${fastapi_pid}"
kill -CONT "${flask_pid}" $(pgrep -P "${flask_pid}") 2>/dev/null || true

# --- Table ------------------------------------------------------------------------------------------------------
report="${results}/serving-$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "Serving benchmark: $(nproc) cores, ${duration} s per cell, wrk (2 threads; 1 at c=1), body = one row of 20 named features as dataframe_split."
    echo "Kiln: POST /v2/models/{model}/invocations (MLflow scoring). Flask: gunicorn -w 4. FastAPI: uvicorn --workers 2."
    echo
    echo "| model | server | c | req/s | p50 µs | p99 µs | errors | peak RSS MB |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for model in random_forest mlp; do
        for server in kiln flask fastapi; do
            for c in 1 8 64; do
                read -r rps p50 p99 errors <<<"${rows["${server}|${model}|${c}"]}"
                echo "| ${model} | ${server} | ${c} | ${rps} | ${p50} | ${p99} | ${errors} | ${rows["${server}|rss"]} |"
            done
        done
    done
    echo
    echo "| model | Kiln ÷ best Python req/s at c=8 | best Python p99 ÷ Kiln p99 at c=8 | ORT run µs (in-process) | Kiln p50 − ORT µs at c=1 | in-server µs − ORT µs | batching c=64 req/s (mean batch) | no batching c=64 req/s |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for model in random_forest mlp; do
        read -r k_rps k_p50 k_p99 _ <<<"${rows["kiln|${model}|8"]}"
        read -r f_rps _ f_p99 _ <<<"${rows["flask|${model}|8"]}"
        read -r a_rps _ a_p99 _ <<<"${rows["fastapi|${model}|8"]}"
        read -r _ c1_p50 _ _ <<<"${rows["kiln|${model}|1"]}"
        read -r b_rps _ _ _ b_mean <<<"${batched[$model]}"
        read -r n_rps _ _ _ <<<"${rows["kiln|${model}|64"]}"
        /usr/bin/python3 -c "
best_rps = max(${f_rps}, ${a_rps}); best_p99 = ${f_p99} if ${f_rps} >= ${a_rps} else ${a_p99}
print(f'| ${model} | {${k_rps} / best_rps:.1f}× | {best_p99 / max(${k_p99}, 1):.1f}× | ${ort_us[$model]} | {${c1_p50} - ${ort_us[$model]}:.0f} | {${server_us[$model]} - ${ort_us[$model]}:.1f} | ${b_rps} (${b_mean}) | ${n_rps} |')"
    done
    echo
    echo "Kiln idle RSS with both models loaded: ${kiln_idle_mb} MB."
} | tee "${report}"
