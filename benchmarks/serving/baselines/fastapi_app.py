"""FastAPI baseline (run under uvicorn): POST /models/{name}/invocations with the same JSON Kiln takes."""
from fastapi import FastAPI, HTTPException, Request

from common import score

app = FastAPI()


@app.post("/models/{name}/invocations")
async def invocations(name: str, request: Request):
    # A plain (sync) scikit-learn call in the event loop, as the simplest FastAPI services do; workers give parallelism.
    result = score(name, await request.json())
    if result is None:
        raise HTTPException(status_code=404)
    return result
