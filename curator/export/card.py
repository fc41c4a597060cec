"""The dataset card (``README.md``) of an export: a ``datasets`` YAML header and how it was made."""

import json


def _yaml_header(manifest: dict) -> str:
    splits = sorted({s["split"] for s in manifest["shards"]}, key=lambda s: (s != "train", s))
    lines = ["---", "language:", "- ko", "pretty_name: Korean text curated with Hangul Curator",
             "configs:", "- config_name: default", "  data_files:"]
    for split in splits:
        lines += [f"  - split: {split}", f"    path: data/{split}-*.parquet"]
    lines.append("---")
    return "\n".join(lines)


def dataset_card(manifest: dict) -> str:
    totals = manifest["totals"]
    stats = manifest["workspace_stats"]
    out = [_yaml_header(manifest), "", "# Curated Korean text", "",
           f"{totals['exported']:,} of {totals['documents']:,} documents kept "
           f"({stats['errors']:,} unreadable input records), in {totals['shards']} zstd Parquet "
           f"shard(s), {totals['bytes'] / 1e6:,.1f} MB on disk.", "",
           "| split | rows | shards |", "| --- | ---: | ---: |"]
    for split, rows in totals["rows"].items():
        shards = sum(1 for s in manifest["shards"] if s["split"] == split)
        out.append(f"| {split} | {rows:,} | {shards} |")
    out += ["", "Columns: `id` (an id holding personal data becomes `pii-` and 16 hex digits of its sha256), "
            "`text` (NFC; personal data replaced by typed placeholders), `source` "
            "(input file relative to the input named, and line/row; personal data replaced too)"
            + (f", `meta` (the other input fields; {_meta_words(manifest)})." if _has_meta(manifest) else ".")
            + ("" if _has_meta(manifest) or manifest.get("meta_policy", "redact") != "drop"
               else " The other input fields were dropped (`export.meta: drop`)."),
            "", "## Removed documents", ""]
    if stats["removed_by_rule"]:
        out += ["| reason | documents |", "| --- | ---: |"]
        out += [f"| `{rule}` | {count:,} |" for rule, count in
                sorted(stats["removed_by_rule"].items(), key=lambda kv: (-kv[1], kv[0]))]
        out += ["", "By family: " + ", ".join(f"{k} {v:,}" for k, v in stats["removed_by_family"].items()) + "."]
    else:
        out.append("None.")
    decisions = stats.get("decisions", {})
    out += ["", f"Curator decisions: {decisions.get('accept', 0):,} accepted, "
            f"{decisions.get('reject', 0):,} rejected. Near-duplicate clusters: {stats.get('near_dup_clusters', 0):,}."]
    out += _benchmark_lines(manifest)
    if manifest["redactions"]:
        out += ["", "## Personal data", "", "Replaced spans by kind: " +
                ", ".join(f"`<|{k}|>` {v:,}" for k, v in manifest["redactions"].items()) + "."]
    if manifest["signal_summary"]:
        out += ["", "## Signals of the kept documents", "", "| signal | mean | p5 | p50 | p95 |",
                "| --- | ---: | ---: | ---: | ---: |"]
        for name, s in manifest["signal_summary"].items():
            out.append(f"| `{name}` | {s['mean']:g} | {s['p5']:g} | {s['p50']:g} | {s['p95']:g} |")
    out += ["", "## How it was made", "",
            f"Hangul Curator {manifest['tool_version']}: inputs decoded and NFC-normalized, analysed with "
            "Kiwi (kiwipiepy), filtered with the rules below (FineWeb-2 `kor_Hang` starting points, "
            f"{_preset_words(manifest['config'])}), "
            "near-duplicates removed, reviewed, and split into train/validation by a seeded hash of "
            f"the id (validation fraction {manifest['val_fraction']}, seed {manifest['seed']}). "
            f"Config hash `{manifest['config_hash']}`; every shard's sha256 is in `manifest.json` "
            "(check with `curator verify`).", "", "Inputs:", ""]
    for source in manifest["inputs"]:
        out.append(f"- `{source['name']}` ({source['size']:,} bytes, sha256 `{source['sha256'][:16]}…`, "
                   f"{source['records']:,} records, {source['errors']:,} unreadable)")
    out += ["", "<details><summary>Rules</summary>", "", "```json",
            json.dumps(manifest["config"].get("rules", {}), ensure_ascii=False, indent=1), "```",
            "", "</details>", ""]
    return "\n".join(out)


def _preset_words(config: dict) -> str:
    """Which shipped preset the thresholds came from, and what its calibration measured."""
    name = config.get("preset")
    if not name:
        return "thresholds as configured"
    junk = config.get("reference", {}).get("junk", {})
    caught = f"; junk caught in calibration {junk['caught']:.1%}" if "caught" in junk else ""
    return f"preset `{name}`: calibrated on {config.get('reference', {}).get('source', 'its reference')}{caught}"


def _meta_words(manifest: dict) -> str:
    policy = manifest.get("meta_policy", "redact")
    if isinstance(policy, list):
        return "only " + ", ".join(f"`{name}`" for name in policy) + ", with personal data replaced"
    return "every string value searched for personal data and redacted like the text"


def _has_meta(manifest: dict) -> bool:
    return manifest.get("has_meta", False)


def _benchmark_lines(manifest: dict) -> list[str]:
    """Every benchmark the documents were checked against and how many each removed."""
    benchmarks = manifest.get("benchmarks") or []
    if not benchmarks:
        return ["", "## Benchmark decontamination", "", "No benchmark was checked (`curator decontaminate`)."]
    out = ["", "## Benchmark decontamination", "",
           "Documents holding benchmark text were removed (reason `contamination:NAME`) unless a curator accepted "
           "them; matching is on letters and digits only (spacing, punctuation, width and case ignored).", "",
           "| benchmark | files (sha256) | items (checked) | matching | mode | documents removed |",
           "| --- | --- | ---: | --- | --- | ---: |"]
    for b in benchmarks:
        files = "; ".join(f"`{f['file']}` (`{(f.get('sha256') or '')[:16]}…`)" for f in b.get("files", []))
        m = b.get("matching", {})
        setting = (f"{m.get('unit', 'character')} {m.get('n')}-grams, share > {b.get('bound', m.get('min_share'))}, "
                   f"items ≥ {m.get('min_item_chars')} chars")
        out.append(f"| `{b['name']}` | {files} | {b.get('items', 0):,} ({b.get('items_checked', 0):,}) | {setting} "
                   f"| {b.get('mode', 'document')} | {b.get('documents_removed', 0):,} |")
    return out
