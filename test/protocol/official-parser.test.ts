import { describe, expect, it } from 'vitest';
import { parseOfficial } from '../../src/protocol/official-parser.js';
import { letters } from './verdict-helpers.js';

const json = (six: string, extra = '') =>
  `{"accuracy":"${six[0]}","relevance":"${six[1]}","comprehensiveness":"${six[2]}","creativity":"${six[3]}","responsiveness":"${six[4]}","overall":"${six[5]}"${extra}}`;

// Each expectation below was worked out by hand from the protocol's six steps; the comment says
// which step decides.
describe('official parser reproduces the reference cascade', () => {
  const corpus: Array<[name: string, raw: string, expected: string]> = [
    ['clean JSON (step 1)', json('ABABAA', ',"reason":"x"'), 'ABABAA'],
    ['fenced JSON: first { to last } (step 1)', '```json\n' + json('BBBBBB') + '\n```', 'BBBBBB'],
    ['surrounding quotes and spaces are stripped first (step 1)', `  "${json('AABBAB')}"  `, 'AABBAB'],
    ['lower-case values are upper-cased (step 1)', json('abbbaa'), 'ABBBAA'],
    ['values with inner spaces are stripped (step 1)', json('ABABAA').replace('"A"', '" A "'), 'ABABAA'],
    [
      'a think block with braces breaks step 1; step 2 takes the first match, inside the think block',
      `<think>Draft: {"accuracy":"A"} seems right</think>\n${json('BBBBBB')}`,
      'ABBBBB',
    ],
    [
      '"Assistant B" parses as A: step 2 captures the A of "Assistant"',
      'Accuracy: Assistant B\nRelevance: Assistant B\nComprehensiveness: Assistant B\nCreativity: Assistant B\nResponsiveness: Assistant B\nOverall: Assistant B',
      'AAAAAA',
    ],
    ['a refusal with one article "a" becomes A everywhere (step 4)', "I'm sorry, but as a language model I cannot compare these answers.", 'AAAAAA'],
    ['a refusal with two articles is unparseable', 'Sorry, as a model I cannot give a verdict.', '------'],
    [
      'ties fail steps 1-2; the single standalone A left is copied to all six (step 4)',
      json('tttttA').replace(/"t"/g, '"tie"'),
      'AAAAAA',
    ],
    ['missing keys fail steps 1-2 and leave three standalone letters: unparseable', '{"accuracy":"A","relevance":"A","overall":"B"}', '------'],
    ['trailing comma breaks JSON; step 2 reads each dimension', json('AABBAA').replace(/}$/, ',}'), 'AABBAA'],
    ['[[B]] alone is copied to all six (step 3)', 'After comparing both, my verdict is [[B]]', 'BBBBBB'],
    ['[[a]] is case-insensitive (step 3)', 'Verdict: [[a]] because it is better', 'AAAAAA'],
    ['a bare letter (step 4)', 'B', 'BBBBBB'],
    ['a quoted bare letter', '"a"', 'AAAAAA'],
    ['two standalone letters are unparseable', 'Answer B is better than answer A', '------'],
    ['empty output is unparseable', '', '------'],
    ['bold markdown keys do not match step 2', '**Accuracy**: B\n**Relevance**: B\n**Comprehensiveness**: B\n**Creativity**: B\n**Responsiveness**: B\n**Overall**: B', '------'],
    ['a JSON value "Assistant B" fails step 1 and step 2 reads "A" of Assistant', json('BBBBBB').replace(/"B"/g, '"Assistant B"'), 'AAAAAA'],
  ];

  it.each(corpus)('%s', (_name, raw, expected) => {
    expect(letters(parseOfficial(raw).verdict)).toBe(expected);
  });
});

describe('official parser follows Python, not JavaScript, where they differ', () => {
  it('does not see a letter between two CJK characters as standalone (Unicode \\b)', () => {
    expect(letters(parseOfficial('我认为答案A更好').verdict)).toBe('------');
  });

  it('sees a letter between a space and CJK punctuation as standalone', () => {
    expect(letters(parseOfficial('答案是 B。').verdict)).toBe('BBBBBB');
  });

  it('accepts NaN in the JSON, so step 1 wins over a misleading reason', () => {
    const raw = `{"reason":"Accuracy: A is weaker", ${json('BBBBBB').slice(1, -1)}, "confidence": NaN}`;
    expect(letters(parseOfficial(raw).verdict)).toBe('BBBBBB');
  });

  it('treats U+0085 as whitespace in step 2 (Unicode \\s)', () => {
    const raw = 'accuracy:\u0085B relevance:\u0085B comprehensiveness:\u0085B creativity:\u0085B responsiveness:\u0085B overall:\u0085B';
    expect(letters(parseOfficial(raw).verdict)).toBe('BBBBBB');
  });

  it('matches dotless and dotted i like Python IGNORECASE does', () => {
    const raw = 'accuracy: B relevance: B COMPREHENSİVENESS: B creatıvıty: B responsiveness: B overall: B';
    expect(letters(parseOfficial(raw).verdict)).toBe('BBBBBB');
  });

  it('keeps the reason of a JSON verdict', () => {
    expect(parseOfficial(json('AAAAAA', ',"reason":"  clearer  "')).reason).toBe('clearer');
  });
});
