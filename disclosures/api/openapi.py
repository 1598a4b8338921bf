"""The OpenAPI 3.1 description of the API, kept beside the views it describes."""

CODE = {"name": "department_code", "in": "path", "required": True, "schema": {"type": "string"}, "description": "单位代码"}
YEAR = {"name": "year", "in": "path", "required": True, "schema": {"type": "integer"}, "description": "年度"}
NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}, "description": "版本号"}
TABLE = {
    "name": "table",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 9},
    "description": "表号（公开01表–公开09表）",
}

NOT_FOUND = {"description": "不存在或未公开", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(schema, description="成功"):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _get(summary, schema, parameters=()):
    return {"get": {"summary": summary, "parameters": list(parameters), "responses": {"200": _ok(schema), "404": NOT_FOUND}}}


SCHEMAS = {
    "Error": {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
    "Amount": {
        "type": "object",
        "description": "金额：精确的元（两位小数）和按公开口径四舍五入的万元（两位小数），均为字符串",
        "properties": {"yuan": {"type": "string", "pattern": r"^-?\d+\.\d{2}$"}, "wan": {"type": "string"}},
        "required": ["yuan", "wan"],
    },
    "Region": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}},
    "RegionNode": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "reports": {"type": "integer"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/RegionNode"}},
        },
    },
    "Department": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "parent_code": {"type": ["string", "null"], "description": "下属单位的主管部门代码"},
            "region": {"$ref": "#/components/schemas/Region"},
        },
    },
    "ReportSummary": {
        "type": "object",
        "properties": {
            "department": {"$ref": "#/components/schemas/Department"},
            "year": {"type": "integer"},
            "current_version": {"type": "integer", "description": "最新公开版本号"},
            "published_at": {"type": "string", "format": "date-time"},
            "url": {"type": "string", "format": "uri"},
            "html_url": {"type": "string", "format": "uri", "description": "长期有效的公开地址"},
        },
    },
    "VersionSummary": {
        "type": "object",
        "properties": {
            "number": {"type": "integer"},
            "published_at": {"type": "string", "format": "date-time"},
            "correction_note": {"type": "string", "description": "更正说明（首次公开为空）"},
            "url": {"type": "string", "format": "uri"},
            "html_url": {"type": "string", "format": "uri"},
        },
    },
    "YearList": {
        "type": "object",
        "properties": {
            "results": {
                "type": "array",
                "items": {"type": "object", "properties": {"year": {"type": "integer"}, "reports": {"type": "integer"}}},
            }
        },
    },
    "RegionList": {
        "type": "object",
        "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/RegionNode"}}},
    },
    "ReportPage": {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "next": {"type": ["string", "null"]},
            "previous": {"type": ["string", "null"]},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/ReportSummary"}},
        },
    },
    "Report": {
        "allOf": [
            {"$ref": "#/components/schemas/ReportSummary"},
            {
                "type": "object",
                "properties": {"versions": {"type": "array", "items": {"$ref": "#/components/schemas/VersionSummary"}}},
            },
        ]
    },
    "Version": {
        "allOf": [
            {"$ref": "#/components/schemas/VersionSummary"},
            {
                "type": "object",
                "properties": {
                    "department": {"$ref": "#/components/schemas/Department"},
                    "year": {"type": "integer"},
                    "main_figures": {
                        "type": "object",
                        "additionalProperties": {
                            "allOf": [
                                {"$ref": "#/components/schemas/Amount"},
                                {"type": "object", "properties": {"label": {"type": "string"}}},
                            ]
                        },
                    },
                    "sections": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"key": {"type": "string"}, "title": {"type": "string"}, "body": {"type": "string"}},
                        },
                    },
                    "key_work": {"type": "array", "items": {"type": "object"}},
                    "glossary": {"type": "array", "items": {"type": "object"}},
                    "evaluations": {"type": "array", "items": {"type": "object"}},
                    "tables": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "number": {"type": "integer"},
                                "code": {"type": "string"},
                                "name": {"type": "string"},
                                "url": {"type": "string", "format": "uri"},
                            },
                        },
                    },
                },
            },
        ]
    },
    "Table": {
        "type": "object",
        "properties": {
            "number": {"type": "integer"},
            "code": {"type": "string"},
            "name": {"type": "string"},
            "department": {"$ref": "#/components/schemas/Department"},
            "year": {"type": "integer"},
            "version": {"type": "integer"},
            "unit": {"type": "string", "const": "元"},
            "columns": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "group": {"type": "string"}},
                },
            },
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string", "description": "行次、科目编码或 total"},
                        "label": {"type": "string"},
                        "code": {"type": "string"},
                        "side": {"type": "string"},
                        "values": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Amount"}},
                    },
                },
            },
            "is_empty": {"type": "boolean"},
        },
    },
}

PATHS = {
    "/years/": _get("有已公开报告的年度", "YearList"),
    "/regions/": _get("有已公开报告的区域（树）", "RegionList"),
    "/reports/": _get(
        "已公开的报告（每份报告的最新公开版本）",
        "ReportPage",
        [
            {"name": "year", "in": "query", "schema": {"type": "integer"}},
            {"name": "region", "in": "query", "schema": {"type": "string"}, "description": "区划代码，含下级区域"},
            {"name": "department", "in": "query", "schema": {"type": "string"}, "description": "单位代码"},
            {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        ],
    ),
    "/reports/{department_code}/{year}/": _get("一份报告及其各公开版本", "Report", [CODE, YEAR]),
    "/reports/{department_code}/{year}/versions/{number}/": _get(
        "一个公开版本：主要数字、文字部分和九张表的地址", "Version", [CODE, YEAR, NUMBER]
    ),
    "/reports/{department_code}/{year}/versions/{number}/tables/{table}/": _get(
        "一个公开版本的一张表", "Table", [CODE, YEAR, NUMBER, TABLE]
    ),
}


def openapi(*, server):
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "部门决算公开平台 API",
            "version": "1.0.0",
            "description": "只读，只含已公开的部门决算。金额以字符串给出：yuan 为精确到分的元，wan 为按公开口径四舍五入的万元。",
        },
        "servers": [{"url": server}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
