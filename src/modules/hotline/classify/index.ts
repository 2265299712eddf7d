/**
 * The hotline's category classifier: suggests the first-level category (一级分类) of a citizen's
 * message, Chinese or English, from its title and text. What the rest of the hotline module
 * imports; nothing else in this folder is imported from outside it.
 */
import { toClassifierModel, type ClassifierModel } from './model.js';
import { train, type TrainInput } from './train.js';

export { predict, prepareModel, serialiseModel, loadModel, modelVersion, type ClassifierModel, type Suggestion } from './model.js';
export { defaultTrainOptions, type TrainInput, type TrainOptions } from './train.js';
export { readMessageCsv, parseMessageCsv, defaultColumns, type Message, type MessageColumns } from './csv.js';
export { readTaxonomyCsv, type TaxonomyRow } from './taxonomy.js';
export { kFold, evaluateModel, evaluateFiles, type Evaluation, type EvaluateFiles, type KFoldInput, type KFoldResult } from './evaluate.js';

/** Trains a classifier from labelled messages, optionally unlabelled ones and a taxonomy; the same input gives the same model. */
export function trainClassifier(input: TrainInput): ClassifierModel {
  return toClassifierModel(train(input));
}
// A city's own classifier: category codes of its taxonomy as labels, sparse and versioned in the database.
export { cityModelFormat, loadCityModel, serialiseCityModel, predictCity, type CityModel, type PreparedCityModel, type CityPrediction } from './city-model.js';
export { fitCityModel, accuracyOn, pseudoDocuments, defaultCityTrainOptions, type TaxonomyCategory, type LabelledCase, type CityTrainOptions, type CityTrainStats } from './city-train.js';
