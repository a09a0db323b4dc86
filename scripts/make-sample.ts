// Regenerates data/sample/: the bundled demonstration dataset in the official layout.
// Deterministic: running it again writes the same files.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOfficialLayout } from '../src/dataset/official-layout-writer.js';
import { phantomPng } from '../src/dataset/phantom-image.js';
import { sampleCases } from './sample-cases.js';

const root = fileURLToPath(new URL('../data/sample', import.meta.url));
rmSync(join(root, 'pair_gt_all'), { recursive: true, force: true });
writeOfficialLayout(
  root,
  sampleCases.map((c) => ({
    organ: c.organ,
    questionId: c.questionId,
    question: c.question,
    answer1: c.answer1,
    answer2: c.answer2,
    image: phantomPng(c.organ, { seed: c.phantomSeed, size: 256 }),
    imagePath: `${c.organ}_${c.questionId}.png`,
    labels: c.labels,
    department: c.department,
    bodyPart: c.bodyPart,
    questionType: c.questionType,
    source: c.source,
    imageId: `${c.organ}_${c.questionId}`,
  })),
);
writeFileSync(
  join(root, 'README.md'),
  `# Bundled sample (synthetic)

**Synthetic demonstration data, not clinical data.** The images are procedural phantoms drawn by
\`src/dataset/phantom-image.ts\`; the questions, answers and labels were written for this sample
(\`scripts/sample-cases.ts\`) and were not given by physicians. Use it to try the tool and to test it,
never to judge a model's clinical ability.

It follows the official Med-RewardBench layout:

\`\`\`
pair_gt_all/<organ>.jsonl            {"question_id": ..., "human_answer": {"accuracy": "A"|"B", ...}}
pair_gt_all/parquet/<organ>.parquet  image {bytes, path}, question, answer1_text, answer2_text,
                                     question_id, modality_type, body_part, dataset, question_type,
                                     image_id, and an extra department column
\`\`\`

${sampleCases.length} cases: 2 for each of the 13 organ systems, over 8 clinical departments.
Regenerate with \`npm run sample\`.
`,
);
console.log(`wrote ${sampleCases.length} cases to ${root}`);
