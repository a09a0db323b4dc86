/**
 * The bundled demonstration sample: 2 cases for each of the 13 organ systems, written for this
 * project. Synthetic demonstration data about procedural phantom images, not clinical data.
 */
import type { PhantomKind } from '../src/dataset/phantom-image.js';

export type SampleLabel = 'A' | 'B';

export interface SampleCase {
  organ: PhantomKind;
  questionId: number;
  department: string;
  modality: string;
  bodyPart: string;
  questionType: 'open' | 'closed';
  source: string;
  phantomSeed: number;
  question: string;
  answer1: string;
  answer2: string;
  labels: {
    accuracy: SampleLabel;
    relevance: SampleLabel;
    comprehensiveness: SampleLabel;
    creativity: SampleLabel;
    responsiveness: SampleLabel;
    overall: SampleLabel;
  };
}

type Dimension = keyof SampleCase['labels'];

/**
 * Labels where `better` wins overall and on accuracy, and the weaker answer wins on the listed
 * dimensions: a wrong answer can still be the more inventive, exhaustive or direct one.
 */
function prefer(better: SampleLabel, ...weakerWins: Exclude<Dimension, 'overall' | 'accuracy'>[]): SampleCase['labels'] {
  const weaker: SampleLabel = better === 'A' ? 'B' : 'A';
  const pick = (d: Dimension): SampleLabel => ((weakerWins as Dimension[]).includes(d) ? weaker : better);
  return {
    accuracy: better,
    relevance: pick('relevance'),
    comprehensiveness: pick('comprehensiveness'),
    creativity: pick('creativity'),
    responsiveness: pick('responsiveness'),
    overall: better,
  };
}

// Seeds are chosen so the phantom's focal finding matches the case where the text relies on it
// (side, bright or dark, a missing tooth).
export const sampleCases: SampleCase[] = [
  {
    organ: 'abdomen', questionId: 1, department: 'gastroenterology', modality: 'CT', bodyPart: 'abdomen',
    questionType: 'open', source: 'synthetic-phantom', phantomSeed: 1,
    question: 'What focal abnormality is seen in the liver on this axial CT slice?',
    answer1: 'There is a single round, well-defined low-attenuation lesion in the right lobe of the liver, about 2 cm across. '
      + 'Its margins are smooth, it does not displace the hepatic vessels and there is no biliary dilatation. On a single slice '
      + 'without contrast phases this is most consistent with a benign lesion such as a simple cyst or a haemangioma, but a '
      + 'metastasis cannot be excluded; a multiphase CT or MRI would characterise it.',
    answer2: 'The liver shows diffuse fatty infiltration, which is common in metabolic syndrome. The bowel gas pattern could also '
      + "hint at early obstruction, so the patient's diet and bowel habits should be reviewed.",
    labels: prefer('A', 'creativity'),
  },
  {
    organ: 'abdomen', questionId: 2, department: 'radiology', modality: 'CT', bodyPart: 'abdomen',
    questionType: 'closed', source: 'phantom-vqa-demo', phantomSeed: 3,
    question: 'Are both kidneys visible at the level of this slice?',
    answer1: 'Only the right kidney is clearly visible; the left kidney appears absent at this level, which may reflect congenital '
      + 'agenesis, a previous nephrectomy or an ectopic pelvic kidney. The liver, spleen, stomach, aorta, inferior vena cava and '
      + 'vertebral body are also seen, and the bowel loops contain a mixture of gas and fluid. Imaging of the pelvis is '
      + 'recommended to locate the missing kidney.',
    answer2: 'Yes. Both kidneys lie posteriorly on either side of the spine, similar in size, with a normal-looking renal sinus '
      + 'and no hydronephrosis.',
    labels: prefer('B', 'comprehensiveness'),
  },
  {
    organ: 'brain', questionId: 1, department: 'neurology', modality: 'MRI', bodyPart: 'head',
    questionType: 'closed', source: 'synthetic-phantom', phantomSeed: 5,
    question: 'Is there a focal lesion in the left cerebral hemisphere?',
    answer1: 'No, the brain looks normal.',
    answer2: 'Yes. There is a small, round hyperintense focus in the white matter of the left hemisphere (the right side of the '
      + 'image by radiological convention), roughly 1 cm across and separate from the lateral ventricle. It causes no mass '
      + 'effect or midline shift. The differential includes a small infarct, a demyelinating plaque or a small metastasis; '
      + 'other sequences and contrast-enhanced images would help.',
    labels: prefer('B'),
  },
  {
    organ: 'brain', questionId: 2, department: 'neurology', modality: 'CT', bodyPart: 'head',
    questionType: 'open', source: 'phantom-vqa-demo', phantomSeed: 2,
    question: 'How do the lateral ventricles look on this axial image?',
    answer1: 'The lateral ventricles are symmetric and of normal size for an adult, and the midline is not shifted. There is no '
      + 'sign of hydrocephalus.',
    answer2: 'The ventricles are markedly dilated, consistent with communicating hydrocephalus, possibly normal-pressure '
      + 'hydrocephalus given the age group. The third ventricle, temporal horns and fourth ventricle should be assessed, '
      + 'periventricular low density from transependymal CSF flow looked for, and the clinical triad of gait disturbance, '
      + 'urinary incontinence and dementia correlated; a lumbar tap test or shunt evaluation could follow.',
    labels: prefer('A', 'comprehensiveness', 'creativity'),
  },
  {
    organ: 'breast', questionId: 1, department: 'radiology', modality: 'mammogram', bodyPart: 'breast',
    questionType: 'open', source: 'synthetic-phantom', phantomSeed: 1,
    question: 'Describe the focal finding on this mammogram and give a BI-RADS assessment.',
    answer1: 'There is a small, oval, fairly circumscribed density in the central breast, roughly 8 mm, within scattered '
      + 'fibroglandular tissue. No associated microcalcifications, architectural distortion or skin thickening are seen. On a '
      + 'single view I would not assign a final category yet: this is BI-RADS 0, and spot-compression views and a targeted '
      + 'ultrasound are needed.',
    answer2: 'BI-RADS 5: this is a spiculated carcinoma and needs surgery.',
    labels: prefer('A', 'responsiveness'),
  },
  {
    organ: 'breast', questionId: 2, department: 'obstetrics_gynecology', modality: 'mammogram', bodyPart: 'breast',
    questionType: 'closed', source: 'phantom-vqa-demo', phantomSeed: 5,
    question: 'Is the breast tissue predominantly fatty or dense?',
    answer1: "Extremely dense, like a young woman's breast; I would add tomosynthesis, contrast-enhanced mammography and an AI "
      + 'second reader.',
    answer2: 'Predominantly fatty, with scattered areas of fibroglandular density (roughly BI-RADS density category B). The '
      + 'denser tissue is concentrated behind the nipple and towards the upper breast, so the sensitivity of mammography is '
      + 'only mildly reduced.',
    labels: prefer('B', 'creativity'),
  },
  {
    organ: 'chest', questionId: 1, department: 'radiology', modality: 'X-ray', bodyPart: 'chest',
    questionType: 'open', source: 'synthetic-phantom', phantomSeed: 2,
    question: 'What abnormality is seen in the right lower lung field?',
    answer1: 'The right lower zone shows patchy consolidation with air bronchograms typical of lobar pneumonia, and there may '
      + 'also be a small pleural effusion, hilar lymphadenopathy and early pulmonary oedema. Differential diagnoses include '
      + 'aspiration, tuberculosis, lung abscess, pulmonary infarction and organising pneumonia. Antibiotics should be started '
      + 'and a follow-up radiograph obtained in six weeks to confirm resolution.',
    answer2: 'A rounded, well-marginated opacity of about 2 cm projects over the right lower lung field, with no effusion. This '
      + 'is a solitary pulmonary nodule; CT is recommended to characterise it.',
    labels: prefer('B', 'comprehensiveness', 'creativity'),
  },
  {
    organ: 'chest', questionId: 2, department: 'cardiology', modality: 'X-ray', bodyPart: 'chest',
    questionType: 'closed', source: 'phantom-vqa-demo', phantomSeed: 1,
    question: 'Is the cardiothoracic ratio within normal limits on this PA chest radiograph?',
    answer1: 'Yes. The transverse cardiac diameter is a little under half of the internal thoracic diameter, a cardiothoracic '
      + 'ratio of roughly 0.45. The heart borders are smooth and there is no upper-lobe venous diversion or pleural effusion '
      + 'to suggest heart failure.',
    answer2: 'No, the heart is enlarged, so this is cardiomegaly.',
    labels: prefer('A'),
  },
  {
    organ: 'eye', questionId: 1, department: 'ophthalmology', modality: 'fundus photograph', bodyPart: 'eye',
    questionType: 'open', source: 'synthetic-phantom', phantomSeed: 1,
    question: 'Where is the optic disc in this fundus photograph, and does it look normal?',
    answer1: 'The optic disc lies on the right of the image, nasal to the macula. It has a sharp margin, a healthy colour and a '
      + 'small central cup (cup-to-disc ratio about 0.3), and the retinal arcades leave it normally. There is no disc swelling '
      + 'or peripapillary haemorrhage, so it looks normal.',
    answer2: 'The disc is in the centre of the image and appears swollen, suggesting papilloedema.',
    labels: prefer('A'),
  },
  {
    organ: 'eye', questionId: 2, department: 'ophthalmology', modality: 'fundus photograph', bodyPart: 'eye',
    questionType: 'closed', source: 'phantom-vqa-demo', phantomSeed: 6,
    question: 'Is there a haemorrhage near the macula?',
    answer1: 'No haemorrhage is present. The fundus shows a normal optic disc, a normal arteriovenous ratio, no drusen, no hard '
      + 'exudates, no cotton-wool spots, no neovascularisation and a flat retina in all four quadrants, and the macula has a '
      + 'normal foveal reflex. Routine annual screening is sufficient.',
    answer2: 'Yes: a small, dark, round blot haemorrhage sits right next to the fovea, about half a disc diameter across.',
    labels: prefer('B', 'comprehensiveness'),
  },
  {
    organ: 'foot', questionId: 1, department: 'orthopedics', modality: 'X-ray', bodyPart: 'foot',
    questionType: 'closed', source: 'synthetic-phantom', phantomSeed: 2,
    question: 'Is there a fracture of the metatarsals?',
    answer1: 'No. The metatarsals have intact cortices and there is no fracture line.',
    answer2: 'Yes. A focal lucency with a subtle cortical step crosses the shaft of the third metatarsal, in keeping with a '
      + 'non-displaced fracture, possibly a stress fracture in a runner or a military recruit. The other metatarsals are intact. '
      + 'Stress fractures are often occult on the first radiograph, so MRI or a repeat film in two weeks is useful if pain '
      + 'persists, and a walking boot is usually enough treatment.',
    labels: prefer('B', 'relevance'),
  },
  {
    organ: 'foot', questionId: 2, department: 'orthopedics', modality: 'X-ray', bodyPart: 'foot',
    questionType: 'open', source: 'phantom-vqa-demo', phantomSeed: 4,
    question: 'Which bones form the hindfoot in this image, and is their alignment preserved?',
    answer1: 'The hindfoot consists of the calcaneus and the talus, at the bottom of the image. The talus sits above and in front '
      + 'of the calcaneus, the talonavicular joint is congruent and there is no step along the midtarsal joint line, so '
      + "alignment looks preserved on this dorsoplantar view; a lateral view is needed to judge the calcaneal pitch and Böhler's "
      + 'angle.',
    answer2: 'Calcaneus, talus and cuboid, and they are misaligned: this is a classic clubfoot.',
    labels: prefer('A', 'creativity', 'responsiveness'),
  },
  {
    organ: 'gastrointestinal_tract', questionId: 1, department: 'gastroenterology', modality: 'endoscopy', bodyPart: 'colon',
    questionType: 'open', source: 'synthetic-phantom', phantomSeed: 3,
    question: 'What is the focal lesion on the colonic wall in this endoscopic view?',
    answer1: 'A small, smooth, sessile polyp about 6 mm across arises from a fold in the lower left of the field. The surrounding '
      + 'mucosa and vascular pattern look normal and there is no ulceration or bleeding. This is most likely an adenomatous or '
      + 'hyperplastic polyp; it should be removed by cold snare polypectomy and sent for histology.',
    answer2: 'This could be a diverticulum, a swallowed foreign body or a parasite. Capsule endoscopy and stool microscopy would '
      + 'help sort it out.',
    labels: prefer('A', 'creativity'),
  },
  {
    organ: 'gastrointestinal_tract', questionId: 2, department: 'gastroenterology', modality: 'endoscopy', bodyPart: 'colon',
    questionType: 'closed', source: 'phantom-vqa-demo', phantomSeed: 5,
    question: 'Is the bowel preparation adequate for detecting small lesions?',
    answer1: 'Preparation is inadequate. Bowel preparation is graded with the Boston Bowel Preparation Scale from 0 to 3 per '
      + 'segment, considering stool, fluid and mucosal visibility; a total below 6 or any segment below 2 warrants repeating '
      + 'the colonoscopy, and split-dose polyethylene glycol, a low-residue diet and patient education all improve it. Here '
      + 'the folds are obscured by debris, so the examination should be repeated.',
    answer2: 'Yes. The mucosa is clean with no residual stool or opaque fluid, so small lesions would be seen (a Boston score of '
      + '3 for this segment).',
    labels: prefer('B', 'comprehensiveness'),
  },
  {
    organ: 'heart', questionId: 1, department: 'cardiology', modality: 'ultrasound', bodyPart: 'heart',
    questionType: 'open', source: 'synthetic-phantom', phantomSeed: 1,
    question: 'Which cardiac chambers does this echocardiographic view show, and are they of normal size?',
    answer1: 'This is a parasternal long-axis view showing the left ventricle, aortic root, left atrium, the mitral and aortic '
      + 'valves and part of the right ventricular outflow tract. The left atrium is enlarged, which could be due to mitral '
      + 'regurgitation, atrial fibrillation, diastolic dysfunction or an athletic heart, and speckle-tracking strain and 3D '
      + 'volumetry would add prognostic information.',
    answer2: 'An apical four-chamber view with both ventricles and both atria. The chambers look proportionate, the left '
      + 'ventricle larger than the right, and none is clearly dilated.',
    labels: prefer('B', 'comprehensiveness', 'creativity'),
  },
  {
    organ: 'heart', questionId: 2, department: 'cardiology', modality: 'ultrasound', bodyPart: 'heart',
    questionType: 'closed', source: 'phantom-vqa-demo', phantomSeed: 5,
    question: 'Is there a mass in the left ventricle?',
    answer1: 'Yes. A small echogenic mass of roughly 1 cm is attached to the wall near the left ventricular apex. In this '
      + 'location the most likely cause is an apical thrombus, particularly if the apex is akinetic; contrast echocardiography '
      + 'or cardiac MRI can confirm it, and anticoagulation is usually considered.',
    answer2: 'No mass; the ventricles are normal.',
    labels: prefer('A'),
  },
  {
    organ: 'lower_limb', questionId: 1, department: 'orthopedics', modality: 'X-ray', bodyPart: 'knee',
    questionType: 'closed', source: 'synthetic-phantom', phantomSeed: 10,
    question: 'Is the knee joint space narrowed?',
    answer1: 'No significant narrowing. The medial and lateral tibiofemoral joint spaces are similar and preserved, without '
      + 'osteophytes or subchondral sclerosis, so there are no radiographic signs of osteoarthritis on this view. A '
      + 'weight-bearing view would be more sensitive for early narrowing.',
    answer2: 'Yes, severe medial narrowing, Kellgren-Lawrence grade 4.',
    labels: prefer('A'),
  },
  {
    organ: 'lower_limb', questionId: 2, department: 'orthopedics', modality: 'X-ray', bodyPart: 'knee',
    questionType: 'open', source: 'phantom-vqa-demo', phantomSeed: 6,
    question: 'What is the focal finding in the distal femur?',
    answer1: 'An osteosarcoma with a sunburst periosteal reaction; refer for amputation.',
    answer2: 'A small, well-defined sclerotic focus lies within the medullary cavity of the distal femoral shaft, without cortical '
      + 'destruction, periosteal reaction or a soft-tissue mass. These features favour a benign lesion such as a bone island '
      + '(enostosis) or a calcified enchondroma; if the patient has pain, MRI would help exclude an aggressive process.',
    labels: prefer('B'),
  },
  {
    organ: 'lung', questionId: 1, department: 'radiology', modality: 'CT', bodyPart: 'chest',
    questionType: 'open', source: 'synthetic-phantom', phantomSeed: 5,
    question: 'What abnormality is seen in the left lung on this axial CT?',
    answer1: 'A left lung nodule; it is lung cancer.',
    answer2: 'There is a solitary, round, solid nodule of about 8 mm in the left lung, surrounded by normally aerated lung, with '
      + 'smooth margins and no calcification, cavitation or pleural contact. By the Fleischner guidelines a solid nodule of this '
      + 'size warrants follow-up CT at about 3 months in a high-risk patient, or PET-CT or tissue sampling depending on the '
      + 'clinical context.',
    labels: prefer('B', 'responsiveness'),
  },
  {
    organ: 'lung', questionId: 2, department: 'radiology', modality: 'CT', bodyPart: 'chest',
    questionType: 'closed', source: 'phantom-vqa-demo', phantomSeed: 3,
    question: 'Is there a pleural effusion?',
    answer1: 'No. Both lungs reach the chest wall posteriorly and there is no dependent fluid collection.',
    answer2: 'Yes, there is a moderate bilateral pleural effusion layering posteriorly, larger on the right. Causes include heart '
      + 'failure, parapneumonic effusion, malignancy, hypoalbuminaemia, pulmonary embolism and pancreatitis, and a diagnostic '
      + "thoracentesis with Light's criteria, cytology and pH would narrow the cause.",
    labels: prefer('A', 'comprehensiveness', 'creativity'),
  },
  {
    organ: 'oral_cavity', questionId: 1, department: 'stomatology', modality: 'panoramic radiograph', bodyPart: 'mouth',
    questionType: 'open', source: 'synthetic-phantom', phantomSeed: 2,
    question: 'What lesion is seen at the root apex of the lower posterior tooth?',
    answer1: 'There is a small round radiolucency, about 5 mm × 4 mm, at the apex of a lower posterior tooth, with loss of the '
      + 'lamina dura around the apex. The most likely diagnosis is a periapical granuloma or radicular cyst secondary to pulp '
      + 'necrosis; pulp vitality testing and a periapical radiograph are recommended, followed by root canal treatment or '
      + 'extraction.',
    answer2: 'A caries lesion on the crown.',
    labels: prefer('A'),
  },
  {
    organ: 'oral_cavity', questionId: 2, department: 'stomatology', modality: 'panoramic radiograph', bodyPart: 'mouth',
    questionType: 'closed', source: 'phantom-vqa-demo', phantomSeed: 12,
    question: 'Are any permanent teeth missing on this panoramic radiograph?',
    answer1: 'None are missing: a full set of 32 teeth, wisdom teeth included, lined up like piano keys.',
    answer2: 'Yes. Counting along each arch, one upper posterior tooth space is empty with no root remnant, so one permanent '
      + 'tooth appears to be missing, most likely extracted; the neighbouring teeth have not tipped into the gap. The third '
      + 'molars are not clearly seen and may be absent or unerupted, which a clinical examination would confirm.',
    labels: prefer('B', 'creativity'),
  },
  {
    organ: 'pelvic_cavity', questionId: 1, department: 'obstetrics_gynecology', modality: 'ultrasound', bodyPart: 'pelvis',
    questionType: 'closed', source: 'synthetic-phantom', phantomSeed: 1,
    question: 'Is the endometrium thickened?',
    answer1: 'Yes, the endometrium is thickened. Endometrial thickening has many causes, including endometrial hyperplasia, '
      + 'endometrial polyps, endometrial carcinoma, tamoxifen use, hormone replacement therapy and the normal secretory phase of '
      + 'the menstrual cycle, so an endometrial biopsy or hysteroscopy is recommended.',
    answer2: 'The endometrial stripe is uniform and about 6 mm thick, with no focal thickening or fluid; whether that counts as '
      + 'thickened depends on menopausal status, but in a premenopausal woman it is normal.',
    labels: prefer('B', 'responsiveness'),
  },
  {
    organ: 'pelvic_cavity', questionId: 2, department: 'obstetrics_gynecology', modality: 'ultrasound', bodyPart: 'pelvis',
    questionType: 'open', source: 'phantom-vqa-demo', phantomSeed: 2,
    question: 'What is the anechoic structure anterior to the uterus, and what does it tell you about the scan?',
    answer1: 'It is the urinary bladder, and it is well filled, which is what a transabdominal pelvic scan needs: a full bladder '
      + 'pushes bowel loops aside and acts as an acoustic window, which is why the tissue behind it looks brighter. Patients '
      + 'are usually asked to drink about a litre of water an hour beforehand, and a transvaginal scan is the alternative when '
      + 'the bladder cannot be filled.',
    answer2: 'It is the bladder, and it is overdistended, which suggests urinary retention from a pelvic mass compressing the '
      + 'urethra.',
    labels: prefer('A', 'relevance', 'creativity'),
  },
  {
    organ: 'upper_limb', questionId: 1, department: 'orthopedics', modality: 'X-ray', bodyPart: 'wrist',
    questionType: 'closed', source: 'synthetic-phantom', phantomSeed: 5,
    question: 'Is there a fracture of the distal radius?',
    answer1: 'No definite fracture. The distal radial cortex is continuous, the radiocarpal joint is congruent and ulnar variance '
      + 'looks neutral. An undisplaced fracture can be occult on a single PA view, so if the wrist is tender a lateral view, or '
      + 'immobilisation and repeat imaging at 10–14 days, is advisable.',
    answer2: 'Yes, a Colles fracture with dorsal angulation.',
    labels: prefer('A', 'responsiveness'),
  },
  {
    organ: 'upper_limb', questionId: 2, department: 'radiology', modality: 'X-ray', bodyPart: 'hand',
    questionType: 'open', source: 'phantom-vqa-demo', phantomSeed: 9,
    question: 'What is the focal lesion in the metacarpal region?',
    answer1: 'This looks like a bite mark or a retained glass fragment from a hand injury, or perhaps a gouty tophus. Hand lesions '
      + 'have a broad differential, including infection, giant cell tumour, metastasis from lung cancer and sarcoidosis, and '
      + 'hand surgeons often explore such findings to obtain tissue.',
    answer2: 'A small, well-defined lytic lesion in a metacarpal shaft with a thin intact cortex and no periosteal reaction, most '
      + 'consistent with an enchondroma.',
    labels: prefer('B', 'creativity'),
  },
];
