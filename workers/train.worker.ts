/** The training worker in the browser: registers the TensorFlow.js backends, then exposes one training session. */
import { expose } from 'comlink';
import { trainingSession } from '../src/core/nn/trainingSession.ts';
import { registerTrainingBackends } from '../src/platform/trainingBackends.ts';

registerTrainingBackends();
expose(trainingSession());
