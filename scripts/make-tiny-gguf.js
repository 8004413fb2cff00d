#!/usr/bin/env node
/**
 * Writes a tiny, deterministic llama model in GGUF v3 (ggml's docs/gguf.md),
 * a test fixture for the wllama backend and never a model offered to users:
 * 2 layers, n_embd 64, 4 heads, n_ff 128, F32 weights from a seeded PRNG, a
 * SentencePiece vocabulary of ASCII-only tokens and a ChatML chat template.
 * About 0.5 MB, byte-identical on every run.
 *
 * Usage: node scripts/make-tiny-gguf.js [path]   (default test/fixtures/tiny.gguf)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Alignment of the tensor data, in bytes (GGUF's default, written out anyway). */
export const alignment = 32;

export const shape = { layers: 2, embedding: 64, heads: 4, feedForward: 128, context: 8192 };

/** GGUF metadata value types (gguf.md, "gguf_metadata_value_type"). */
const valueType = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9 };

/** SentencePiece token types as llama.cpp reads them. */
const tokenType = { normal: 1, unknown: 2, control: 3, unused: 5, byte: 6 };

/** The ggml type of every tensor: GGML_TYPE_F32. */
const f32Type = 0;

const chatTemplate =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/**
 * Word pieces of the code the grammar asks for, so that prompts and replies
 * take fewer tokens than one per character. '▁' is SentencePiece's space.
 */
const pieces = [
  '▁',
  'function',
  '▁function',
  'return',
  '▁return',
  'Math',
  '.max',
  '.min',
  '.abs',
  'Math.max(',
  'Math.min(',
  'Math.abs(',
  '▁+',
  '▁-',
  '▁*',
  '▁/',
  '▁=',
  '▁{',
  '▁}',
  '▁(',
  ');',
  '),',
  '0.',
  '1.',
  '▁0',
  '▁1',
  '▁2',
  '▁0.5',
  'const',
  '▁const',
  'let',
  '▁let',
  'if',
  '▁if',
  'else',
  '▁else',
  'for',
  '▁for',
  'value',
  '▁value',
  'values',
  'bid',
  '▁bid',
  'bids',
  'price',
  '▁price',
  'reserve',
  '▁reserve',
  'rebate',
  'priority',
  'agent',
  '▁agent',
  'agents',
  '▁the',
  '▁a',
  '▁of',
  '▁to',
  '▁and',
  '▁is',
  '▁in',
  '▁that',
  '▁with',
  '▁for',
  '▁on',
  '▁as',
  '▁be',
  '▁by',
  '▁or',
  '▁it',
  '▁an',
  '▁at',
  '▁not',
  '▁each',
  '▁one',
  '▁more',
  '▁than',
  '▁higher',
  '▁lower',
  '▁idea',
  '▁use',
  'javascript',
  '```',
  '```javascript',
  'the',
  'and',
  'er',
  'in',
  'on',
  'an',
  're',
  'es',
  'st',
  'en',
  'at',
  'ed',
  'or',
  'ar',
  'al',
  'ing',
  'ion',
  'tion',
  'ue',
  'ax',
  'in(',
  'bs',
  '▁m',
  '▁n',
  '▁x',
  '▁v',
  '▁b',
  '▁p',
  'n,',
  'm,',
  'x,',
  '(v',
  '(b',
  'max',
  'min',
  'abs',
  'mechanism',
  '▁mechanism',
  'revenue',
  '▁revenue',
  'auction',
  '▁auction',
  'heuristic',
  '▁heuristic',
  'number',
  '▁number',
  'score',
  '▁score',
  'sum',
  '▁sum',
  'total',
  '▁total',
  '▁0.1',
  '▁0.25',
  '▁100',
  '▁10',
  'payment',
  '▁payment',
];

/** Returns the vocabulary: special tokens, byte-fallback tokens, word pieces. */
export function vocabulary() {
  /** @type {{ text: string; type: number; score: number }[]} */
  const tokens = [
    { text: '<unk>', type: tokenType.unknown, score: 0 },
    { text: '<s>', type: tokenType.control, score: 0 },
    { text: '</s>', type: tokenType.control, score: 0 },
    { text: '<|im_start|>', type: tokenType.control, score: 0 },
    { text: '<|im_end|>', type: tokenType.control, score: 0 },
  ];
  // Byte tokens only for ASCII: a byte token above 0x7F lets random sampling
  // emit invalid UTF-8, which breaks the detokenizer. Newline (0x0A) is needed
  // by the chat template and the heuristic grammar; 0x20–0x7E cover the rest.
  const bytes = [0x0a, ...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i)];
  for (const byte of bytes) {
    const hex = byte.toString(16).toUpperCase().padStart(2, '0');
    tokens.push({ text: `<0x${hex}>`, type: tokenType.byte, score: 0 });
  }
  // Prompts are UTF-8 (—, ≤, λ…): the tokenizer's byte fallback must find a
  // token for every byte, so 0x80–0xFF exist too, but as unused tokens, which
  // detokenize to nothing — the model can never write invalid UTF-8.
  for (let byte = 0x80; byte <= 0xff; byte++) {
    tokens.push({ text: `<0x${byte.toString(16).toUpperCase()}>`, type: tokenType.unused, score: 0 });
  }
  const seen = new Set(tokens.map((t) => t.text));
  for (const piece of pieces) {
    if (seen.has(piece)) continue;
    seen.add(piece);
    // SentencePiece prefers higher scores; longer pieces first, then list order.
    tokens.push({ text: piece, type: tokenType.normal, score: piece.length - tokens.length / 1000 });
  }
  return tokens;
}

/**
 * Returns a seeded PRNG (mulberry32) yielding floats in [0, 1): the weights
 * come from here, never from Math.random, so every run writes the same bytes.
 * @param {number} seed
 */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Returns the tensors of a llama model, dimensions in ggml order (ne0 first):
 * a matrix mapping `in` to `out` features is [in, out].
 * @param {number} vocabSize
 * @returns {{ name: string; dims: number[]; norm: boolean }[]}
 */
export function tensorLayout(vocabSize) {
  const { layers, embedding: e, feedForward: f } = shape;
  const tensors = [
    { name: 'token_embd.weight', dims: [e, vocabSize], norm: false },
    { name: 'output_norm.weight', dims: [e], norm: true },
    { name: 'output.weight', dims: [e, vocabSize], norm: false },
  ];
  for (let i = 0; i < layers; i++) {
    const blk = `blk.${i}`;
    tensors.push(
      { name: `${blk}.attn_norm.weight`, dims: [e], norm: true },
      { name: `${blk}.attn_q.weight`, dims: [e, e], norm: false },
      { name: `${blk}.attn_k.weight`, dims: [e, e], norm: false },
      { name: `${blk}.attn_v.weight`, dims: [e, e], norm: false },
      { name: `${blk}.attn_output.weight`, dims: [e, e], norm: false },
      { name: `${blk}.ffn_norm.weight`, dims: [e], norm: true },
      { name: `${blk}.ffn_gate.weight`, dims: [e, f], norm: false },
      { name: `${blk}.ffn_up.weight`, dims: [e, f], norm: false },
      { name: `${blk}.ffn_down.weight`, dims: [f, e], norm: false },
    );
  }
  return tensors;
}

/** Collects little-endian GGUF values into byte chunks. */
class GgufWriter {
  /** @type {Uint8Array[]} */
  chunks = [];
  length = 0;

  /** @param {Uint8Array} bytes */
  push(bytes) {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
  /** @param {number} size @param {(view: DataView) => void} write */
  scalar(size, write) {
    const bytes = new Uint8Array(size);
    write(new DataView(bytes.buffer));
    this.push(bytes);
  }
  /** @param {number} v */
  u32(v) {
    this.scalar(4, (d) => d.setUint32(0, v, true));
  }
  /** @param {number} v */
  i32(v) {
    this.scalar(4, (d) => d.setInt32(0, v, true));
  }
  /** @param {number} v */
  u64(v) {
    this.scalar(8, (d) => d.setBigUint64(0, BigInt(v), true));
  }
  /** @param {number} v */
  f32(v) {
    this.scalar(4, (d) => d.setFloat32(0, v, true));
  }
  /** Writes a gguf_string: uint64 byte length, then UTF-8 bytes without a terminator. @param {string} s */
  string(s) {
    const bytes = new TextEncoder().encode(s);
    this.u64(bytes.length);
    this.push(bytes);
  }
  /** Pads with zeros to the next multiple of `alignment`. */
  pad() {
    const rest = (alignment - (this.length % alignment)) % alignment;
    if (rest > 0) this.push(new Uint8Array(rest));
  }
}

/**
 * @typedef {{ type: 'uint32' | 'int32' | 'float32' | 'bool' | 'string'; value: number | boolean | string }
 *   | { type: 'array'; of: 'int32' | 'float32' | 'string'; values: (number | string)[] }} MetadataValue
 */

/** @param {GgufWriter} w @param {'uint32' | 'int32' | 'float32' | 'bool' | 'string'} type @param {number | boolean | string} value */
function writeScalar(w, type, value) {
  if (type === 'string') w.string(String(value));
  else if (type === 'bool') w.push(new Uint8Array([value ? 1 : 0]));
  else if (type === 'float32') w.f32(Number(value));
  else if (type === 'int32') w.i32(Number(value));
  else w.u32(Number(value));
}

/** @param {GgufWriter} w @param {string} key @param {MetadataValue} entry */
function writeMetadata(w, key, entry) {
  w.string(key);
  w.u32(valueType[entry.type]);
  if (entry.type !== 'array') return writeScalar(w, entry.type, entry.value);
  w.u32(valueType[entry.of]);
  w.u64(entry.values.length);
  for (const v of entry.values) writeScalar(w, entry.of, v);
}

/**
 * Returns the model's metadata, in the order it is written.
 * @param {ReturnType<typeof vocabulary>} tokens
 * @returns {[string, MetadataValue][]}
 */
export function metadata(tokens) {
  const { layers, embedding, heads, feedForward, context } = shape;
  /** @param {number} value @returns {MetadataValue} */
  const u32 = (value) => ({ type: 'uint32', value });
  return [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: 'mechlab-tiny-test' }],
    ['general.alignment', u32(alignment)],
    ['llama.context_length', u32(context)],
    ['llama.embedding_length', u32(embedding)],
    ['llama.block_count', u32(layers)],
    ['llama.feed_forward_length', u32(feedForward)],
    ['llama.attention.head_count', u32(heads)],
    ['llama.attention.head_count_kv', u32(heads)],
    ['llama.rope.dimension_count', u32(embedding / heads)],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: 1e-5 }],
    ['llama.vocab_size', u32(tokens.length)],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'array', of: 'string', values: tokens.map((t) => t.text) }],
    ['tokenizer.ggml.scores', { type: 'array', of: 'float32', values: tokens.map((t) => t.score) }],
    ['tokenizer.ggml.token_type', { type: 'array', of: 'int32', values: tokens.map((t) => t.type) }],
    ['tokenizer.ggml.unknown_token_id', u32(0)],
    ['tokenizer.ggml.bos_token_id', u32(1)],
    ['tokenizer.ggml.eos_token_id', u32(2)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    ['tokenizer.chat_template', { type: 'string', value: chatTemplate }],
  ];
}

/**
 * Returns the bytes of the tiny model: header, metadata, tensor infos,
 * padding, then each tensor's F32 data padded to `alignment`.
 * @param {number} [seed]
 * @returns {Uint8Array}
 */
export function tinyGguf(seed = 20240605) {
  const tokens = vocabulary();
  const entries = metadata(tokens);
  const tensors = tensorLayout(tokens.length);
  const w = new GgufWriter();
  w.push(new TextEncoder().encode('GGUF'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(entries.length);
  for (const [key, entry] of entries) writeMetadata(w, key, entry);
  let offset = 0;
  for (const t of tensors) {
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(f32Type);
    w.u64(offset);
    const bytes = 4 * t.dims.reduce((a, b) => a * b, 1);
    offset += Math.ceil(bytes / alignment) * alignment;
  }
  w.pad();
  const random = mulberry32(seed);
  for (const t of tensors) {
    const data = new Float32Array(t.dims.reduce((a, b) => a * b, 1));
    // Norm weights near 1 keep activations in range; matrices are small and
    // centred, scaled by 1/sqrt(fan-in), so logits vary and sampling varies.
    const scale = t.norm ? 0.1 : 2 / Math.sqrt(t.dims[0]);
    for (let i = 0; i < data.length; i++) data[i] = (t.norm ? 1 : 0) + scale * (random() - 0.5);
    w.push(new Uint8Array(data.buffer));
    w.pad();
  }
  const out = new Uint8Array(w.length);
  let at = 0;
  for (const chunk of w.chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = process.argv[2] ?? 'test/fixtures/tiny.gguf';
  mkdirSync(dirname(path), { recursive: true });
  const bytes = tinyGguf();
  writeFileSync(path, bytes);
  console.log(`make-tiny-gguf: wrote ${path} (${bytes.length} bytes)`);
}
