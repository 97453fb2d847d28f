"""carve_domain.py SRC K SEED OUT DATA: a small single-domain FAQ carved out of CLINC150 val.

Real site FAQs are about one business (every entry of a bike-rental FAQ says "bike"), so the
runner-up shares the domain's words and a right answer wins by a smaller margin than in FAQs
of random intents. This carve gives the calibration that shape, from val only:
K intents of one CLINC150 domain (SEED % 10 picks it) as the FAQ; in scope their val
questions; out of scope the domain's other intents' questions (in-domain but unsupported),
half as many questions from other domains, and all of oos_val.
SRC.json/.jsonl come from `tandem convert --split val`.
"""
import json, random, sys
src, k, seed, out, data = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
domains = json.load(open(data + '/clinc150/domains.json'))
faq = json.load(open(src + '.json')); cases = [json.loads(l) for l in open(src + '.jsonl')]
rng = random.Random(seed)
names = sorted(domains); domain = names[seed % len(names)]
intents = sorted(domains[domain]); picked = set(rng.sample(intents, k))
entries = [e for e in faq['entries'] if e['id'] in picked]
inscope = [c for c in cases if c['expect'] in picked]
idoos = [dict(c, expect=None) for c in cases if c['expect'] in set(intents) - picked]
other = [dict(c, expect=None) for c in cases if c['expect'] is not None and c['expect'] not in set(intents)]
chosen = inscope + idoos + rng.sample(other, len(inscope) // 2) + [c for c in cases if c['expect'] is None]
json.dump({'entries': entries}, open(out + '.json', 'w'))
open(out + '.jsonl', 'w').write(''.join(json.dumps(c) + '\n' for c in chosen))
