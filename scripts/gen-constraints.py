#!/usr/bin/env python3
"""Generate src/builder/generated/createTrainingJobModel.ts from the official SageMaker API model.

Run with `npm run gen:constraints` (or `python3 scripts/gen-constraints.py`).

Reads botocore's data/sagemaker/2017-07-24/service-2.json.gz (botocore is found through the
Python that runs this script), walks every shape reachable from CreateTrainingJobRequest and
writes a compact, deterministic TypeScript table of their constraints: type, required members,
member -> shape, string length, numeric range, pattern, enum, list and map sizes.

Patterns are written twice: as the model prints them (Java regex syntax, not anchored) and
translated to a JavaScript RegExp source that matches the WHOLE value with the `u` flag
(`^(?:...)$`, `.` excluding the Java line terminators, `\\s`/`\\S` with Java's ASCII meaning,
`\\p{Alnum}` and the other POSIX classes spelled out). Constructs the translator does not know
make the script fail rather than guess; every translated pattern is compiled by Node before
the file is written.

It also reads the installed @aws-sdk/client-sagemaker type declarations and records, for each
structure, the members the SDK declares but this botocore's model lacks (the SDK is often
newer). The validator reports those as warnings instead of unknown-member errors.

Options:
  --check    exit 1 (and write nothing) when the committed file differs from what would be generated
  --stdout   print the generated module instead of writing it
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'src', 'builder', 'generated', 'createTrainingJobModel.ts')
SDK_DIR = os.path.join(ROOT, 'node_modules', '@aws-sdk', 'client-sagemaker')
MODEL_REL = 'data/sagemaker/2017-07-24/service-2.json.gz'
ROOT_SHAPE = 'CreateTrainingJobRequest'

SHAPE_TYPES = {'structure', 'list', 'map', 'string', 'integer', 'long', 'float', 'double', 'boolean', 'timestamp', 'blob'}
# Shape keys that carry no constraint the validator needs.
IGNORED_SHAPE_KEYS = {'documentation', 'box', 'deprecated', 'deprecatedMessage', 'sensitive', 'timestampFormat',
                      'wrapper', 'exception', 'error', 'fault', 'synthetic', 'retryable', 'locationName',
                      'xmlNamespace', 'xmlOrder', 'payload', 'flattened'}
HANDLED_SHAPE_KEYS = {'type', 'required', 'members', 'member', 'key', 'value', 'min', 'max', 'pattern', 'enum'}
IGNORED_MEMBER_KEYS = {'shape', 'documentation', 'box', 'deprecated', 'deprecatedMessage', 'idempotencyToken',
                       'jsonvalue', 'location', 'locationName', 'xmlNamespace', 'xmlAttribute', 'flattened',
                       'queryName', 'hostLabel', 'contextParam'}


class GenError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Java regex -> JavaScript RegExp (u flag) translation
# --------------------------------------------------------------------------------------------

# Java's `.` matches anything but these line terminators (no DOTALL, no UNIX_LINES).
JAVA_LINE_TERMINATORS = '\\n\\r\\u0085\\u2028\\u2029'
# Java's \s (without UNICODE_CHARACTER_CLASS) is ASCII whitespace only; JS's \s is Unicode.
JAVA_SPACE = '\\t\\n\\x0B\\f\\r '
# Java POSIX classes (US-ASCII), as the inside of a JS character class.
POSIX = {
    'Lower': 'a-z', 'Upper': 'A-Z', 'ASCII': '\\x00-\\x7F', 'Alpha': 'A-Za-z', 'Digit': '0-9',
    'Alnum': 'A-Za-z0-9', 'Punct': '!-\\/:-@\\[-`{-~', 'Graph': 'A-Za-z0-9!-\\/:-@\\[-`{-~',
    'Print': ' A-Za-z0-9!-\\/:-@\\[-`{-~', 'Blank': ' \\t', 'Cntrl': '\\x00-\\x1F\\x7F', 'XDigit': '0-9a-fA-F',
    'Space': JAVA_SPACE,
}
# Unicode general categories, same meaning in Java and in JS with the u flag.
UNICODE_CATEGORIES = {
    'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps',
    'Pe', 'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Co', 'Cs', 'Cn',
}
# Characters that may be escaped with a backslash in a JS u-mode pattern.
JS_SYNTAX = set('^$\\.*+?()[]{}|/')
SIMPLE_ESCAPES = {'t': '\\t', 'n': '\\n', 'r': '\\r', 'f': '\\f', 'a': '\\x07', 'e': '\\x1B'}


def _escape_literal(ch: str, in_class: bool) -> str:
    """A literal character, written so a JS u-mode pattern reads it as itself."""
    if ch in JS_SYNTAX or (in_class and ch == '-'):
        return '\\' + ch
    code = ord(ch)
    if code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F or code in (0x2028, 0x2029):
        return '\\u{%X}' % code
    return ch


class _Reader:
    def __init__(self, pattern: str):
        self.p = pattern
        self.i = 0

    def peek(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.p[j] if j < len(self.p) else ''

    def take(self) -> str:
        ch = self.p[self.i]
        self.i += 1
        return ch

    def done(self) -> bool:
        return self.i >= len(self.p)

    def fail(self, why: str) -> GenError:
        return GenError(f'cannot translate pattern {self.p!r} at offset {self.i}: {why}')


def _read_property(r: _Reader) -> tuple[str, str]:
    """After `\\p` or `\\P`: returns (name, kind) where kind is 'posix' or 'unicode'."""
    if r.peek() == '{':
        end = r.p.find('}', r.i)
        if end < 0:
            raise r.fail('unterminated \\p{')
        name = r.p[r.i + 1:end]
        r.i = end + 1
    else:
        name = r.take()
    if name in POSIX:
        return name, 'posix'
    bare = name[2:] if name.startswith('Is') and name[2:] in UNICODE_CATEGORIES else name
    if bare in UNICODE_CATEGORIES:
        return bare, 'unicode'
    raise r.fail(f'unsupported property \\p{{{name}}}')


def _read_hex_escape(r: _Reader, kind: str) -> str:
    """After `\\x` or `\\u`: returns the code point as a JS escape."""
    if kind == 'x' and r.peek() == '{':
        end = r.p.find('}', r.i)
        digits = r.p[r.i + 1:end]
        r.i = end + 1
    else:
        n = 2 if kind == 'x' else 4
        digits = r.p[r.i:r.i + n]
        r.i += n
    if not digits or not re.fullmatch(r'[0-9a-fA-F]+', digits):
        raise r.fail(f'bad \\{kind} escape')
    return '\\u{%X}' % int(digits, 16)


def _class_item(r: _Reader) -> tuple[str, str]:
    """One item of a character class. Returns (kind, js): kind 'char' (can be a range end),
    'set' (inside-class text such as `A-Za-z0-9`), 'notspace' (Java \\S) or 'space' (Java \\s)."""
    ch = r.take()
    if ch == '[':
        raise r.fail('nested character classes (Java union) are not supported')
    if ch == '&' and r.peek() == '&':
        raise r.fail('character class intersection (&&) is not supported')
    if ch != '\\':
        return 'char', _escape_literal(ch, True)
    if r.done():
        raise r.fail('trailing backslash')
    e = r.take()
    if e in 'pP':
        name, kind = _read_property(r)
        if kind == 'posix':
            if e == 'P':
                raise r.fail('negated POSIX class inside a character class')
            return 'set', POSIX[name]
        return 'set', f'\\{e}{{{name}}}'
    if e == 's':
        return 'space', JAVA_SPACE
    if e == 'S':
        return 'notspace', ''
    if e in 'dDwW':
        return 'set', '\\' + e
    if e in SIMPLE_ESCAPES:
        return 'char', SIMPLE_ESCAPES[e]
    if e in 'xu':
        return 'char', _read_hex_escape(r, e)
    if e.isalnum():
        raise r.fail(f'unsupported escape \\{e} in a character class')
    return 'char', _escape_literal(e, True)


def _translate_class(r: _Reader) -> str:
    """After `[`: translates up to and including the closing `]`."""
    negated = False
    if r.peek() == '^':
        negated = True
        r.take()
    if r.peek() == ']':
        raise r.fail('a `]` right after `[` is ambiguous between Java and JS')
    parts: list[str] = []
    has_space = has_notspace = False
    prev_char: str | None = None  # last single character, available as a range start
    while True:
        if r.done():
            raise r.fail('unterminated character class')
        if r.peek() == ']':
            r.take()
            break
        if r.peek() == '-' and prev_char is not None and r.peek(1) not in (']', ''):
            r.take()
            kind, js = _class_item(r)
            if kind != 'char':
                raise r.fail('a range must end with a single character')
            parts[-1] = f'{prev_char}-{js}'
            prev_char = None
            continue
        kind, js = _class_item(r)
        if kind == 'space':
            has_space = True
        elif kind == 'notspace':
            has_notspace = True
        else:
            parts.append(js)
        prev_char = js if kind == 'char' else None
    if has_notspace:
        if negated:
            raise r.fail('\\S inside a negated character class is not supported')
        if has_space:
            return '[\\s\\S]'  # every character, in Java and in JS
        not_space = f'[^{JAVA_SPACE}]'
        return f'(?:{not_space}|[{"".join(parts)}])' if parts else not_space
    if has_space:
        parts.append(JAVA_SPACE)
    body = ''.join(parts)
    if not body:
        raise r.fail('empty character class')
    return f'[{"^" if negated else ""}{body}]'


def java_regex_to_js(pattern: str) -> str:
    """Translates a Java regex to the source of an equivalent JS RegExp (u flag) that must match
    the whole value. Raises GenError on constructs it does not know."""
    r = _Reader(pattern)
    out: list[str] = []
    after_quantifiable = False  # whether a quantifier may follow (for possessive detection)
    while not r.done():
        ch = r.take()
        if ch == '\\':
            if r.done():
                raise r.fail('trailing backslash')
            e = r.take()
            if e in 'pP':
                name, kind = _read_property(r)
                if kind == 'posix':
                    out.append(f'[{"^" if e == "P" else ""}{POSIX[name]}]')
                else:
                    out.append(f'\\{e}{{{name}}}')
            elif e == 's':
                out.append(f'[{JAVA_SPACE}]')
            elif e == 'S':
                out.append(f'[^{JAVA_SPACE}]')
            elif e in 'dDwWbB':
                out.append('\\' + e)
            elif e in SIMPLE_ESCAPES:
                out.append(SIMPLE_ESCAPES[e])
            elif e in 'xu':
                out.append(_read_hex_escape(r, e))
            elif e == 'Q':
                end = r.p.find('\\E', r.i)
                quoted = r.p[r.i:] if end < 0 else r.p[r.i:end]
                r.i = len(r.p) if end < 0 else end + 2
                out.append('(?:' + ''.join(_escape_literal(c, False) for c in quoted) + ')')
            elif e.isalnum():
                raise r.fail(f'unsupported escape \\{e}')
            else:
                out.append(_escape_literal(e, False))
            after_quantifiable = True
        elif ch == '[':
            out.append(_translate_class(r))
            after_quantifiable = True
        elif ch == '.':
            out.append(f'[^{JAVA_LINE_TERMINATORS}]')
            after_quantifiable = True
        elif ch == '(':
            if r.peek() == '?':
                rest = r.p[r.i:]
                if rest.startswith('?:') or rest.startswith('?=') or rest.startswith('?!'):
                    out.append('(' + rest[:2])
                    r.i += 2
                elif rest.startswith('?<=') or rest.startswith('?<!'):
                    out.append('(' + rest[:3])
                    r.i += 3
                elif re.match(r'\?<[A-Za-z][A-Za-z0-9]*>', rest):
                    m = re.match(r'\?<[A-Za-z][A-Za-z0-9]*>', rest)
                    assert m
                    out.append('(' + m.group(0))
                    r.i += len(m.group(0))
                else:
                    raise r.fail('unsupported group construct (atomic group or inline flags)')
            else:
                out.append('(')
            after_quantifiable = False
        elif ch == ')':
            out.append(')')
            after_quantifiable = True
        elif ch in '*+?':
            out.append(ch)
            if r.peek() == '+':
                raise r.fail('possessive quantifiers are not supported')
            if r.peek() == '?':
                out.append(r.take())
            after_quantifiable = False
        elif ch == '{':
            m = re.match(r'(\d+)(,(\d*))?\}', r.p[r.i:])
            if not m or not after_quantifiable:
                raise r.fail('`{` that is not a quantifier')
            out.append('{' + m.group(0))
            r.i += len(m.group(0))
            if r.peek() == '+':
                raise r.fail('possessive quantifiers are not supported')
            if r.peek() == '?':
                out.append(r.take())
            after_quantifiable = False
        elif ch in '^$|':
            out.append(ch)
            after_quantifiable = False
        elif ch in ']}':
            out.append('\\' + ch)
            after_quantifiable = True
        else:
            out.append(_escape_literal(ch, False))
            after_quantifiable = True
    return f'^(?:{"".join(out)})$'


# --------------------------------------------------------------------------------------------
# Model reading
# --------------------------------------------------------------------------------------------


def load_model() -> tuple[dict, str, str]:
    try:
        import botocore  # type: ignore
    except ImportError as err:  # pragma: no cover
        raise GenError('botocore is not installed for this python3 (pip install botocore)') from err
    path = os.path.join(os.path.dirname(botocore.__file__), *MODEL_REL.split('/'))
    with gzip.open(path, 'rt', encoding='utf-8') as fh:
        model = json.load(fh)
    return model, botocore.__version__, model.get('metadata', {}).get('uid', '')


def reachable_shapes(shapes: dict) -> list[str]:
    seen: set[str] = set()
    stack = [ROOT_SHAPE]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in shapes:
            raise GenError(f'shape {name} is referenced but not defined')
        seen.add(name)
        shape = shapes[name]
        for key in ('member', 'key', 'value'):
            if key in shape:
                stack.append(shape[key]['shape'])
        for member in shape.get('members', {}).values():
            stack.append(member['shape'])
    return sorted(seen)


def shape_entry(name: str, shape: dict) -> dict:
    kind = shape.get('type')
    if kind not in SHAPE_TYPES:
        raise GenError(f'shape {name} has unsupported type {kind!r}')
    unknown = set(shape) - HANDLED_SHAPE_KEYS - IGNORED_SHAPE_KEYS
    if unknown:
        raise GenError(f'shape {name} has traits the validator does not handle: {sorted(unknown)}')
    entry: dict = {'type': kind}
    if kind == 'structure':
        members = shape.get('members', {})
        for member_name, member in members.items():
            extra = set(member) - IGNORED_MEMBER_KEYS
            if extra:
                raise GenError(f'member {name}.{member_name} has traits the validator does not handle: {sorted(extra)}')
        if shape.get('required'):
            entry['required'] = list(shape['required'])
        entry['members'] = {k: v['shape'] for k, v in members.items()}
    elif kind == 'list':
        entry['member'] = shape['member']['shape']
    elif kind == 'map':
        entry['key'] = shape['key']['shape']
        entry['value'] = shape['value']['shape']
    for key in ('min', 'max'):
        if key in shape:
            value = shape[key]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            entry[key] = value
    if 'pattern' in shape:
        if kind != 'string':
            raise GenError(f'shape {name} has a pattern but is a {kind}')
        entry['pattern'] = shape['pattern']
    if 'enum' in shape:
        entry['enum'] = list(shape['enum'])
    return entry


def sdk_members() -> tuple[dict[str, set[str]], str]:
    """Member names per structure as declared by the installed @aws-sdk/client-sagemaker types."""
    pkg = os.path.join(SDK_DIR, 'package.json')
    if not os.path.exists(pkg):
        raise GenError('@aws-sdk/client-sagemaker is not installed: run `npm ci` first '
                       '(its type declarations are compared with the model)')
    with open(pkg, encoding='utf-8') as fh:
        version = json.load(fh)['version']
    members: dict[str, set[str]] = {}
    for path in sorted(glob.glob(os.path.join(SDK_DIR, 'dist-types', 'models', '*.d.ts'))):
        with open(path, encoding='utf-8') as fh:
            text = fh.read()
        for m in re.finditer(r'^export interface (\w+) \{\n(.*?)^\}', text, re.S | re.M):
            members[m.group(1)] = set(re.findall(r'^    (\w+)\??:', m.group(2), re.M))
    if not members:
        raise GenError(f'found no interfaces in {SDK_DIR}/dist-types/models: has the SDK layout changed?')
    return members, version


# --------------------------------------------------------------------------------------------
# TypeScript emission
# --------------------------------------------------------------------------------------------


def ts_str(value: str) -> str:
    inner = json.dumps(value, ensure_ascii=True)[1:-1]
    return "'" + inner.replace('\\"', '"').replace("'", "\\'") + "'"


def ts_key(key: str) -> str:
    return key if re.fullmatch(r'[A-Za-z_$][A-Za-z0-9_$]*', key) else ts_str(key)


def ts_value(value) -> str:
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return ts_str(value)
    raise GenError(f'cannot emit {value!r}')


def wrap_list(items: list[str], indent: str, width: int = 110) -> list[str]:
    lines: list[str] = []
    line = indent
    for item in items:
        piece = item + ','
        if len(line) + len(piece) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += piece + ' '
    if line.strip():
        lines.append(line.rstrip())
    return lines


def emit_shape(name: str, entry: dict) -> list[str]:
    scalar = [f'{k}: {ts_value(entry[k])}' for k in ('type', 'min', 'max', 'pattern') if k in entry]
    for k in ('member', 'key', 'value'):
        if k in entry:
            scalar.append(f'{k}: {ts_str(entry[k])}')
    if 'required' in entry:
        scalar.append('required: [' + ', '.join(ts_str(r) for r in entry['required']) + ']')
    if 'sdkOnlyMembers' in entry:
        scalar.append('sdkOnlyMembers: [' + ', '.join(ts_str(r) for r in entry['sdkOnlyMembers']) + ']')
    head = f'  {name}: {{ ' + ', '.join(scalar)
    if 'members' not in entry and 'enum' not in entry:
        line = head + ' },'
        if len(line) <= 120:
            return [line]
        return [f'  {name}: {{'] + [f'    {s},' for s in scalar] + ['  },']
    lines = [f'  {name}: {{'] + [f'    {s},' for s in scalar]
    if 'members' in entry:
        lines.append('    members: {')
        lines += [f'      {ts_key(k)}: {ts_str(v)},' for k, v in entry['members'].items()]
        lines.append('    },')
    if 'enum' in entry:
        lines.append('    enum: [')
        lines += wrap_list([ts_str(v) for v in entry['enum']], '      ')
        lines.append('    ],')
    lines.append('  },')
    return lines


HEADER = '''\
/**
 * GENERATED FILE: DO NOT EDIT. Regenerate with `npm run gen:constraints`
 * (runs `python3 scripts/gen-constraints.py`).
 *
 * The constraints of every shape reachable from CreateTrainingJobRequest in the official
 * SageMaker API model: botocore {botocore} ({model_rel}, {uid}).
 * Members that @aws-sdk/client-sagemaker {sdk} declares but that model lacks are listed as
 * `sdkOnlyMembers` (the validator warns about them instead of rejecting them).
 *
 * Patterns: `pattern` is the model's text (Java regex, not anchored); `PATTERNS[pattern]` is the
 * translated JavaScript source, anchored to the whole value, for `new RegExp(source, 'u')`.
 * String lengths (`min`/`max` on a string) count Unicode code points.
 *
 * @module
 */
'''

TYPES = '''\
/** The kinds of shape in the model. */
export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

/** One shape of the model, with the constraints the validator checks. */
export interface ShapeDef {
  readonly type: ShapeType;
  /** Structure: required member names. */
  readonly required?: readonly string[];
  /** Structure: member name -> shape name, in model order. */
  readonly members?: Readonly<Record<string, string>>;
  /** Structure: members the installed SDK declares that this model lacks. */
  readonly sdkOnlyMembers?: readonly string[];
  /** List: the element shape. */
  readonly member?: string;
  /** Map: the key shape. */
  readonly key?: string;
  /** Map: the value shape. */
  readonly value?: string;
  /** String: minimum length in code points; number: minimum value; list/map: minimum size. */
  readonly min?: number;
  /** String: maximum length in code points; number: maximum value; list/map: maximum size. */
  readonly max?: number;
  /** String: the model's pattern (Java syntax, matched against the whole value). */
  readonly pattern?: string;
  /** String: the allowed values. */
  readonly enum?: readonly string[];
}
'''


def generate() -> str:
    model, botocore_version, uid = load_model()
    shapes = model['shapes']
    op = model['operations'].get('CreateTrainingJob')
    if not op or op.get('input', {}).get('shape') != ROOT_SHAPE:
        raise GenError('CreateTrainingJob input is not CreateTrainingJobRequest in this model')
    names = reachable_shapes(shapes)
    entries = {name: shape_entry(name, shapes[name]) for name in names}

    declared, sdk_version = sdk_members()
    for name, entry in entries.items():
        if entry['type'] == 'structure' and name in declared:
            extra = sorted(declared[name] - set(entry['members']))
            if extra:
                entry['sdkOnlyMembers'] = extra

    patterns = sorted({e['pattern'] for e in entries.values() if 'pattern' in e})
    translated = {p: java_regex_to_js(p) for p in patterns}
    check_patterns_compile(translated)

    instance_types = sorted(entries['TrainingInstanceType']['enum'])

    out: list[str] = [HEADER.format(botocore=botocore_version, model_rel=MODEL_REL, uid=uid, sdk=sdk_version)]
    out.append(f'/** The botocore version whose SageMaker model these constraints come from. */')
    out.append(f'export const BOTOCORE_VERSION = {ts_str(botocore_version)};')
    out.append('')
    out.append('/** The @aws-sdk/client-sagemaker version whose types were compared with the model. */')
    out.append(f'export const SDK_CLIENT_VERSION = {ts_str(sdk_version)};')
    out.append('')
    out.append('/** The shape of the CreateTrainingJob request. */')
    out.append(f'export const ROOT_SHAPE = {ts_str(ROOT_SHAPE)};')
    out.append('')
    out.append(TYPES)
    out.append('/** Every shape reachable from CreateTrainingJobRequest, by name. */')
    out.append('export const SHAPES: Readonly<Record<string, ShapeDef>> = {')
    for name in names:
        out += emit_shape(name, entries[name])
    out.append('};')
    out.append('')
    out.append('/** Model pattern (Java syntax) -> JavaScript RegExp source, anchored, for the `u` flag. */')
    out.append('export const PATTERNS: Readonly<Record<string, string>> = {')
    for p in patterns:
        out.append(f'  {ts_str(p)}:')
        out.append(f'    {ts_str(translated[p])},')
    out.append('};')
    out.append('')
    out.append('/** The TrainingInstanceType enum of the model, sorted. */')
    out.append('export const TRAINING_INSTANCE_TYPES = [')
    out += wrap_list([ts_str(v) for v in instance_types], '  ')
    out.append('] as const;')
    out.append('')
    out.append('/** One value of the model\'s TrainingInstanceType enum. */')
    out.append('export type ModelTrainingInstanceType = (typeof TRAINING_INSTANCE_TYPES)[number];')
    return '\n'.join(out) + '\n'


NODE_CHECK = r'''
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const bad = [];
  for (const [java, js] of Object.entries(JSON.parse(input))) {
    try { new RegExp(js, 'u'); } catch (e) { bad.push(`${java} -> ${js}: ${e.message}`); }
  }
  if (bad.length) { console.error(bad.join('\n')); process.exit(1); }
});
'''


def check_patterns_compile(translated: dict[str, str]) -> None:
    node = shutil.which('node')
    if node is None:
        print('gen-constraints: node not found; the translated patterns were not compiled here '
              '(test/builder/createTrainingJobModel.test.ts compiles them)', file=sys.stderr)
        return
    proc = subprocess.run([node, '-e', NODE_CHECK], input=json.dumps(translated), text=True,
                          capture_output=True, check=False)
    if proc.returncode != 0:
        raise GenError('translated patterns do not compile as JS RegExps:\n' + proc.stderr)


def main(argv: list[str]) -> int:
    try:
        text = generate()
    except GenError as err:
        print(f'gen-constraints: {err}', file=sys.stderr)
        return 2
    if '--stdout' in argv:
        sys.stdout.write(text)
        return 0
    if '--check' in argv:
        current = open(OUT, encoding='utf-8').read() if os.path.exists(OUT) else ''
        if current != text:
            print(f'gen-constraints: {os.path.relpath(OUT, ROOT)} is out of date; run npm run gen:constraints',
                  file=sys.stderr)
            return 1
        print(f'gen-constraints: {os.path.relpath(OUT, ROOT)} is up to date')
        return 0
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8', newline='\n') as fh:
        fh.write(text)
    print(f'gen-constraints: wrote {os.path.relpath(OUT, ROOT)} ({len(text)} bytes)')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
