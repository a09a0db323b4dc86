import type { ExportTrainOptions, ExportTrainResult } from './export-train.js';

/** How to train a judge on the exported files and how to measure it afterwards. */
export function trainingReadme(r: ExportTrainResult, source: string, options: ExportTrainOptions): string {
  return `# Training data for a medical image judge

Made by \`mrb export-train\` from \`${source}\`: ${r.cases} labelled cases, split into ${r.train} for training
and ${r.test} for testing (seed ${options.seed}, test fraction ${options.testFraction}). No image and no question
appears on both sides (cases sharing either were kept together; \`split.json\` lists both sides). Every case
appears twice, once in each answer order, so the judge cannot learn to favour a position:
${r.examples.train} training and ${r.examples.test} test examples.

The prompt is the paper's judge prompt${options.thinking ? ' with its thinking line' : ''}, exactly as \`mrb run\` sends it; the target is the
six-dimension JSON verdict of the physicians (majority vote), with a reason naming the preferred answer per dimension.

| file | format | use |
| --- | --- | --- |
| \`sft_{train,test}.jsonl\` | LLaMA-Factory ShareGPT, multimodal (\`messages\`, \`images\`) | supervised fine-tuning: prompt -> verdict |
| \`dpo_{train,test}.jsonl\` | LLaMA-Factory ShareGPT preference (\`messages\`, \`chosen\`, \`rejected\`, \`images\`) | DPO: the physicians' verdict preferred to its mirror image |
| \`trl_preference_{train,test}.jsonl\` | TRL conversational preference (\`prompt\`, \`chosen\`, \`rejected\`, \`images\`) | TRL's DPOTrainer |
| \`dataset_info.json\` | LLaMA-Factory dataset registry | \`dataset_dir\` points here |
| \`images/\` | the images, named by content hash | paths in every file are relative to this folder |
| \`test_dataset/\` | the official layout, test cases only | evaluate the trained judge with \`mrb run\` |

## Train with LLaMA-Factory

\`\`\`yaml
# sft.yaml: llamafactory-cli train sft.yaml
model_name_or_path: Qwen/Qwen2.5-VL-7B-Instruct
stage: sft
do_train: true
finetuning_type: lora
dataset_dir: ${'<this folder>'}
dataset: mrb_judge_sft_train
template: qwen2_vl
cutoff_len: 4096
output_dir: saves/mrb-judge-sft
per_device_train_batch_size: 1
gradient_accumulation_steps: 8
learning_rate: 1.0e-4
num_train_epochs: 3
\`\`\`

For DPO use \`stage: dpo\`, \`dataset: mrb_judge_dpo_train\` and \`pref_beta: 0.1\`, starting from the SFT checkpoint.

## Train with TRL

\`\`\`python
import os
from datasets import load_dataset
from PIL import Image
root = "<this folder>"
data = load_dataset("json", data_files={"train": f"{root}/trl_preference_train.jsonl"})["train"]
data = data.map(lambda row: {"images": [Image.open(os.path.join(root, p)).convert("RGB") for p in row["images"]]})
# then DPOTrainer(model=..., args=DPOConfig(...), train_dataset=data, processing_class=processor)
\`\`\`

## Evaluate the trained judge

Serve the checkpoint with an OpenAI-compatible server and run the benchmark on the held-out cases:

\`\`\`sh
vllm serve saves/mrb-judge-sft --port 8000 --served-model-name mrb-judge
mrb run --data <this folder>/test_dataset --judge openai-compatible:mrb-judge --base-url http://127.0.0.1:8000/v1
\`\`\`

Compare it with the base model on the same cases (\`mrb compare\`), and on the full Med-RewardBench only if none of its
cases were used for training.
`;
}
