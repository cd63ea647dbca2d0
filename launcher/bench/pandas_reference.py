#!/usr/bin/env python3
"""The research report's data preparation in pandas + scikit-learn, as the reference beside tunestream's
streaming clean -> split -> augment path (`tunestream bench-data`).

clean_data: drop rows with a missing text or label, drop exact duplicate texts, regex clean-up ([^\\w\\s] removed,
lower case, whitespace folded); balance_dataset: undersample every class to the smallest; prepare_data_splits:
stratified train/validation/test 80/10/10 with train_test_split.

Usage: /usr/bin/python3 pandas_reference.py FILE.jsonl   (Debian python3-pandas, python3-sklearn)
Prints one JSON line: records, seconds_read, seconds_prepare, and the split sizes.
"""
import json
import sys
import time

import pandas as pd
from sklearn.model_selection import train_test_split


def clean_data(df):
    df = df.dropna(subset=["text", "label"])
    df = df.drop_duplicates(subset=["text"])
    df["text"] = (df["text"].str.replace(r"[^\w\s]", "", regex=True)
                  .str.lower().str.replace(r"\s+", " ", regex=True).str.strip())
    return df[df["text"].str.len() > 0]


def balance_dataset(df, seed=42):
    smallest = df["label"].value_counts().min()
    return df.groupby("label", group_keys=False).apply(lambda g: g.sample(n=smallest, random_state=seed))


def prepare_data_splits(df, seed=42):
    train, rest = train_test_split(df, test_size=0.2, stratify=df["label"], random_state=seed)
    validation, test = train_test_split(rest, test_size=0.5, stratify=rest["label"], random_state=seed)
    return train, validation, test


def main(path):
    t0 = time.perf_counter()
    df = pd.read_json(path, lines=True)
    t1 = time.perf_counter()
    train, validation, test = prepare_data_splits(balance_dataset(clean_data(df)))
    t2 = time.perf_counter()
    print(json.dumps({"records": len(df), "seconds_read": t1 - t0, "seconds_prepare": t2 - t1,
                      "train": len(train), "validation": len(validation), "test": len(test)}))


if __name__ == "__main__":
    main(sys.argv[1])
