"""samtranslator on one SAM template (a JSON file), in-process.

    sam_translate.py FILE            print the translated CloudFormation (JSON)
    sam_translate.py FILE REPEATS    time it: median of REPEATS runs, without interpreter start-up
"""
import copy
import json
import logging
import os
import statistics
import sys
import time

from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # samtranslator resolves pseudo parameters for a region
logging.disable(logging.WARNING)  # its metrics notices are not results

POLICIES = {
    "AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "AWSLambdaSQSQueueExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
}


def translate(template):
    return Translator(managed_policy_map=POLICIES, sam_parser=Parser()).translate(
        copy.deepcopy(template), parameter_values={}, get_managed_policy_map=lambda: POLICIES
    )


def timed(template, repeats):
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
    return {"medianMs": median, "resources": len(output["Resources"])}


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        template = json.load(handle)
    result = timed(template, int(sys.argv[2])) if len(sys.argv) > 2 else translate(template)
    json.dump(result, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
