"""Times samtranslator on one SAM template, in-process (no interpreter start-up): median of repeats."""
import copy
import json
import logging
import os
import statistics
import sys
import time

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # samtranslator resolves pseudo parameters for a region
logging.disable(logging.WARNING)  # its metrics notices are not results

from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

POLICIES = {"AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "AWSLambdaSQSQueueExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"}


def translate(template):
    return Translator(managed_policy_map=POLICIES, sam_parser=Parser()).translate(
        copy.deepcopy(template), parameter_values={}, get_managed_policy_map=lambda: POLICIES
    )


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as handle:
        template = json.load(handle)
    output = translate(template)  # warm-up
    copy_cost = []
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        copy.deepcopy(template)
        copy_cost.append(time.perf_counter() - start)
        start = time.perf_counter()
        translate(template)
        times.append(time.perf_counter() - start)
    # The deep copy protects the input from mutation; it is not translation work, so it is subtracted.
    median = (statistics.median(times) - statistics.median(copy_cost)) * 1000
    json.dump({"medianMs": median, "resources": len(output["Resources"])}, sys.stdout)


if __name__ == "__main__":
    main()
