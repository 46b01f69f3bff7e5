#!/usr/bin/env python3
"""Independent reference values for crmkit's attribution models.

Reads attribution-paths.csv (beside this script) and writes reference.json (beside it too).
Run:  python3 reference.py

Written from the model definitions, not from the TypeScript code, and by different methods:

- heuristics (first, last, lastNonDirect with 'eta' as the direct channel, linear per
  occurrence, linearUnique) in exact rational arithmetic (fractions.Fraction);
- Shapley values by the textbook formula, enumerating every coalition (all 2^12 for the
  global game, all 2^|T| within each path's channel set T) with exact rationals
  (TypeScript uses the closed form instead);
- Markov order 1 removal effects in exact rationals: the absorbing chain is solved by
  Gaussian elimination once as is and once per channel with that channel's state removed
  (transitions into it go to null) (TypeScript uses one LU and the fundamental matrix);
- Markov orders 2 and 3 with numpy (LAPACK, float64), again by one direct solve per
  removed channel (TypeScript iterates Gauss-Seidel on a sparse matrix). Skipped with a
  note in the JSON when numpy is not installed.

Model definitions shared with the TypeScript implementation:
- Consecutive repeats are collapsed (A > A > B is A > B). The order-k state after a touch
  is the tuple of the last min(k, touches so far) channels. Transitions are weighted by
  conversions + nulls (conversions only when nulls are ignored); the last state goes to
  conversion with weight `conversions` and to null with weight `nulls`.
- Removing channel c removes every state whose tuple contains c.
- Removal effect = P(conv) - P(conv | c removed); value removal effect is the same with
  the reward "mean conversion value of the conversions leaving the state" on conversion.
- Credits = removal effects normalised to the total conversions (value: to the total value).
- Shapley: v(S) = sum over observed channel sets A subset of S of R(A), with R(A) the
  conversions (variant 'conversions'; value: the value) or conversions / (conversions +
  nulls) (variant 'conversionRate') of the paths whose channel set is exactly A. The
  'conversions' credits are the Shapley values over all channels. The 'conversionRate'
  credits split each converting path's conversions and value over its channel set T in
  proportion to the Shapley values of the rate game restricted to the players T.
"""
import csv
import json
import os
from fractions import Fraction
from math import factorial

HERE = os.path.dirname(os.path.abspath(__file__))
DIRECT = 'eta'


def load():
    rows = []
    with open(os.path.join(HERE, 'attribution-paths.csv'), newline='') as f:
        for r in csv.DictReader(f):
            rows.append({
                'path': [c.strip() for c in r['path'].split('>')],
                'conv': Fraction(r['total_conversions']),
                'value': Fraction(r['total_conversion_value']),
                'nulls': Fraction(r['total_null']),
            })
    return rows


def heuristics(rows, channels):
    out = {m: {c: [Fraction(0), Fraction(0)] for c in channels}
           for m in ('first', 'last', 'lastNonDirect', 'linear', 'linearUnique')}
    for r in rows:
        p, conv, val = r['path'], r['conv'], r['value']
        if conv == 0:
            continue

        def add(model, ch, share):
            out[model][ch][0] += conv * share
            out[model][ch][1] += val * share

        add('first', p[0], 1)
        add('last', p[-1], 1)
        non_direct = [c for c in p if c != DIRECT]
        add('lastNonDirect', non_direct[-1] if non_direct else p[-1], 1)
        for c in p:
            add('linear', c, Fraction(1, len(p)))
        distinct = set(p)
        for c in distinct:
            add('linearUnique', c, Fraction(1, len(distinct)))
    return out


def set_kpis(rows, channels):
    """{frozenset of channels: [conversions, nulls, value]} over the paths' channel sets."""
    sets = {}
    for r in rows:
        acc = sets.setdefault(frozenset(r['path']), [Fraction(0), Fraction(0), Fraction(0)])
        acc[0] += r['conv']
        acc[1] += r['nulls']
        acc[2] += r['value']
    return {t: acc for t, acc in sets.items() if acc[0] + acc[1] > 0}


def textbook_shapley(players, kpi):
    """Shapley values of v(S) = sum of kpi(A) over observed A subset of S, for S within `players`.

    phi_i = sum over S not containing i of |S|!(n-|S|-1)!/n! (v(S+i) - v(S)), enumerating all
    2^n coalitions; v by a subset-sum transform over bit masks.
    """
    n = len(players)
    bit = {c: 1 << i for i, c in enumerate(players)}
    size = 1 << n
    v = [Fraction(0)] * size
    for a, k in kpi.items():
        if a <= set(players):
            v[sum(bit[c] for c in a)] += k
    for i in range(n):
        for s in range(size):
            if s & (1 << i):
                v[s] += v[s ^ (1 << i)]
    weight = [Fraction(factorial(k) * factorial(n - k - 1), factorial(n)) for k in range(n)]
    phi = {}
    for i, c in enumerate(players):
        b = 1 << i
        phi[c] = sum((weight[bin(s).count('1')] * (v[s | b] - v[s]) for s in range(size) if not s & b), Fraction(0))
    return phi


def shapley(rows, channels, variant):
    """Credits (conversions, value) and the global Shapley values of both variants.

    conversions: the game over all channels with KPI = conversions (value: KPI = value).
    conversionRate: KPI = conversion rate; each converting path's conversions and value are
    split over its channel set T in proportion to the Shapley values of the game restricted
    to the players T. The global values use all channels as players.
    """
    sets = set_kpis(rows, channels)
    if variant == 'conversions':
        phi = textbook_shapley(channels, {t: a[0] for t, a in sets.items()})
        phi_value = textbook_shapley(channels, {t: a[2] for t, a in sets.items()})
        return phi, phi_value, phi
    rate = {t: a[0] / (a[0] + a[1]) for t, a in sets.items()}
    conv = {c: Fraction(0) for c in channels}
    value = {c: Fraction(0) for c in channels}
    for t, (c_t, _, v_t) in sets.items():
        if c_t == 0:
            continue
        phi_t = textbook_shapley(sorted(t), rate)
        total = sum(phi_t.values())
        for c, x in phi_t.items():
            conv[c] += c_t * x / total
            value[c] += v_t * x / total
    return conv, value, textbook_shapley(channels, rate)


def collapse(path):
    out = []
    for c in path:
        if not out or out[-1] != c:
            out.append(c)
    return out


def chain(rows, order, ignore_nulls):
    """Transition weights {from: {to: w}} with states as tuples; () is (start)."""
    trans = {}
    conv_at = {}
    null_at = {}
    value_at = {}
    for r in rows:
        conv, nulls = r['conv'], (Fraction(0) if ignore_nulls else r['nulls'])
        w = conv + nulls
        if w == 0:
            continue
        p = collapse(r['path'])
        prev = ()
        for i in range(len(p)):
            state = tuple(p[max(0, i + 1 - order):i + 1])
            trans.setdefault(prev, {})
            trans[prev][state] = trans[prev].get(state, 0) + w
            prev = state
        conv_at[prev] = conv_at.get(prev, 0) + conv
        null_at[prev] = null_at.get(prev, 0) + nulls
        value_at[prev] = value_at.get(prev, 0) + r['value']
    states = sorted(set(trans) | {s for t in trans.values() for s in t}, key=lambda s: (len(s), s))
    return states, trans, conv_at, null_at, value_at


def system(states, trans, conv_at, null_at, value_at, removed, zero):
    """(I - Q) x = r for the states not containing `removed`; returns (index, A, r, rv)."""
    keep = [s for s in states if removed is None or removed not in s]
    index = {s: i for i, s in enumerate(keep)}
    size = len(keep)
    a = [[zero] * size for _ in range(size)]
    r = [zero] * size
    rv = [zero] * size
    for s in keep:
        i = index[s]
        total = sum(trans.get(s, {}).values()) + conv_at.get(s, 0) + null_at.get(s, 0)
        a[i][i] += 1
        for t, w in trans.get(s, {}).items():
            if t in index:
                a[i][index[t]] -= w / total
        c = conv_at.get(s, 0)
        r[i] = c / total
        rv[i] = (value_at.get(s, 0) / total) if c else zero
    return index, a, r, rv


def solve_exact(a, bs):
    """Gauss-Jordan elimination over Fractions for several right-hand sides."""
    n = len(a)
    m = [row[:] + [b[i] for b in bs] for i, row in enumerate(a)]
    for k in range(n):
        piv = next(i for i in range(k, n) if m[i][k] != 0)
        m[k], m[piv] = m[piv], m[k]
        d = m[k][k]
        m[k] = [x / d for x in m[k]]
        for i in range(n):
            if i != k and m[i][k] != 0:
                f = m[i][k]
                m[i] = [x - f * y for x, y in zip(m[i], m[k])]
    return [[m[i][n + j] for i in range(n)] for j in range(len(bs))]


def markov_exact(rows, channels, ignore_nulls):
    states, trans, conv_at, null_at, value_at = chain(rows, 1, ignore_nulls)
    def start_values(removed):
        index, a, r, rv = system(states, trans, conv_at, null_at, value_at, removed, Fraction(0))
        p, pv = solve_exact(a, [r, rv])
        return p[index[()]], pv[index[()]]
    p0, v0 = start_values(None)
    re = {}
    for c in channels:
        pc, vc = start_values(c)
        re[c] = (p0 - pc, v0 - vc)
    return p0, v0, re, len(states) + 2


def markov_numpy(np, rows, channels, order, ignore_nulls):
    states, trans, conv_at, null_at, value_at = chain(rows, order, ignore_nulls)
    f = {k: float(v) for k, v in conv_at.items()}
    fn = {k: float(v) for k, v in null_at.items()}
    fv = {k: float(v) for k, v in value_at.items()}
    ft = {s: {t: float(w) for t, w in d.items()} for s, d in trans.items()}
    def start_values(removed):
        index, a, r, rv = system(states, ft, f, fn, fv, removed, 0.0)
        x = np.linalg.solve(np.array(a), np.array([r, rv]).T)
        return x[index[()], 0], x[index[()], 1]
    p0, v0 = start_values(None)
    re = {c: tuple(b - a for a, b in zip(start_values(c), (p0, v0))) for c in channels}
    return float(p0), float(v0), re, len(states) + 2


def normalised(values, total):
    s = sum(values.values())
    return {c: (v / s * total if s else 0) for c, v in values.items()}


def markov_entry(p0, v0, re, states, total_conv, total_value):
    conv = normalised({c: e[0] for c, e in re.items()}, total_conv)
    value = normalised({c: e[1] for c, e in re.items()}, total_value)
    return {
        'conversionProbability': float(p0),
        'expectedValue': float(v0),
        'states': states,
        'channels': {c: {'conversions': float(conv[c]), 'value': float(value[c]),
                         'removalEffect': float(re[c][0]), 'valueRemovalEffect': float(re[c][1])}
                     for c in re},
    }


def main():
    rows = load()
    channels = sorted({c for r in rows for c in r['path']})
    total_conv = sum(r['conv'] for r in rows)
    total_value = sum(r['value'] for r in rows)
    out = {
        'source': 'attribution-paths.csv',
        'directChannel': DIRECT,
        'totals': {'conversions': float(total_conv), 'value': float(total_value),
                   'nulls': float(sum(r['nulls'] for r in rows)), 'paths': len(rows)},
        'heuristics': {},
        'shapley': {},
        'markov': {},
    }
    for model, credits in heuristics(rows, channels).items():
        out['heuristics'][model] = {c: {'conversions': float(v[0]), 'value': float(v[1])} for c, v in credits.items()}
    for variant in ('conversions', 'conversionRate'):
        conv, value, phi = shapley(rows, channels, variant)
        out['shapley'][variant] = {c: {'conversions': float(conv[c]), 'value': float(value[c]),
                                       'shapleyValue': float(phi[c])} for c in channels}
    for ignore in (False, True):
        p0, v0, re, states = markov_exact(rows, channels, ignore)
        out['markov'][f'order1{"IgnoreNulls" if ignore else ""}'] = markov_entry(
            p0, v0, re, states, total_conv, total_value)
    try:
        import numpy as np
    except ImportError:
        out['markov']['note'] = 'numpy not installed: orders 2 and 3 skipped'
    else:
        for order in (2, 3):
            p0, v0, re, states = markov_numpy(np, rows, channels, order, False)
            out['markov'][f'order{order}'] = markov_entry(p0, v0, re, states, float(total_conv), float(total_value))
    with open(os.path.join(HERE, 'reference.json'), 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
