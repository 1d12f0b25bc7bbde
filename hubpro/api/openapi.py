"""OpenAPI 3.1 description of the training-centre API, served at /api/v1/openapi.json."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from hubpro import routes
from hubpro.domain.trainings import MIN_HOURS, Sector, TrainingType

_DATE = {"type": "string", "format": "date", "examples": ["2026-03-20"]}
_TRAINING_IN = {
    "type": "object",
    "required": [
        "type", "sector", "start_date", "end_date", "hours", "session_reference",
        "birth_name", "first_names", "birth_date", "licence_number",
    ],
    "properties": {
        "type": {"type": "string", "enum": [t.value for t in TrainingType],
                 "description": "Minimum hours: " + ", ".join(f"{k.value} {v} h" for k, v in MIN_HOURS.items())},
        "sector": {"type": "string", "enum": [s.value for s in Sector]},
        "start_date": _DATE,
        "end_date": {**_DATE, "description": "Not in the future, not before 2022-02-01."},
        "hours": {"type": "integer", "minimum": 35, "maximum": 2000},
        "session_reference": {"type": "string", "maxLength": 50,
                              "description": "Your session id; with the licence number, the idempotency key."},
        "birth_name": {"type": "string", "maxLength": 80},
        "first_names": {"type": "string", "maxLength": 80},
        "birth_date": _DATE,
        "licence_number": {"type": "string", "maxLength": 20,
                           "description": "Normalised: upper case, no spaces, dashes or dots."},
    },
}  # fmt: skip
_TRAINING_OUT = {
    "type": "object",
    "properties": {
        **_TRAINING_IN["properties"],
        "id": {"type": "string"},
        "issued_on": _DATE,
        "matched_to_account": {"type": "boolean"},
    },
}
_ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                   "errors": {"type": "object", "additionalProperties": {"type": "string"},
                              "description": "French message by field (422 only)."}},
}  # fmt: skip


def _json(schema: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _resp(description: str, schema: str) -> dict:
    return {"description": description, "content": _json(schema)}


SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Hub Pro Transport – API des centres de formation",
        "version": "1.0.0",
        "description": "Approved training centres deposit training records. Authenticate with "
        "`Authorization: Bearer <key>` (keys are issued by the operator, shown once, revocable).",
    },
    "components": {
        "securitySchemes": {"centreKey": {"type": "http", "scheme": "bearer"}},
        "schemas": {"TrainingIn": _TRAINING_IN, "Training": _TRAINING_OUT, "Error": _ERROR},
    },
    "security": [{"centreKey": []}],
    "paths": {
        routes.API_TRAININGS: {
            "post": {
                "summary": "Deposit one training (idempotent on centre + session_reference + licence_number)",
                "requestBody": {"required": True, "content": _json("TrainingIn")},
                "responses": {
                    "201": _resp("Created", "Training"),
                    "200": _resp("Already deposited: the same record", "Training"),
                    "400": _resp("Body is not a JSON object", "Error"),
                    "401": _resp("Missing, wrong or revoked key", "Error"),
                    "413": _resp("Body over 64 KB", "Error"),
                    "422": _resp("Validation failed, field by field", "Error"),
                },
            }
        },
        routes.API_TRAINING: {
            "get": {
                "summary": "Read back one of your own deposits",
                "parameters": [{"name": "training_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": _resp("The training", "Training"),
                    "401": _resp("Missing, wrong or revoked key", "Error"),
                    "404": _resp("Unknown, or deposited by another centre", "Error"),
                },
            }
        },
    },
}  # fmt: skip


async def openapi(_request: Request) -> JSONResponse:
    """GET /api/v1/openapi.json."""
    return JSONResponse(SPEC)
