"""POST /receipts: a plain-text receipt for order lines (tabulate comes from requirements.txt)."""
import base64
import json

from tabulate import tabulate


def _lines(event):
    body = event.get("body") or "{}"
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("utf-8")
    lines = json.loads(body).get("lines")
    if not isinstance(lines, list) or not lines:
        raise ValueError("lines must be a non-empty list")
    return [(str(line["sku"]), int(line["quantity"]), float(line["unitPrice"])) for line in lines]


def handler(event, context):
    try:
        lines = _lines(event)
    except (ValueError, KeyError, TypeError) as error:
        return {"statusCode": 400, "headers": {"content-type": "application/json"}, "body": json.dumps({"error": str(error)})}
    rows = [(sku, quantity, f"{price:.2f}", f"{quantity * price:.2f}") for sku, quantity, price in lines]
    total = sum(quantity * price for _, quantity, price in lines)
    # disable_numparse: the amounts are already formatted; tabulate would reparse "3.50" as 3.5.
    text = tabulate(rows, headers=["sku", "qty", "unit", "amount"], colalign=("left", "right", "right", "right"), disable_numparse=True)
    return {"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": f"{text}\n\ntotal: {total:.2f}\n"}
