"""App: logs every result that arrives on topic results."""

import json
import os

import nsq

results = nsq.Consumer(os.environ["NSQD_TCP_ADDRESS"], "results", "app", name=os.environ.get("PS", "app"))

print("waiting for results on topic results, channel app")
for message in results:
    result = json.loads(message.body)
    print(f"#{result['seq']}: {result['n']} -> {result['square']}  (squared by {result['worker']})")
    results.finish(message)
