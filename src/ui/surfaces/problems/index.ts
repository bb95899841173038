/** What the Rollout panel hosts of the problem surfaces: the raise form and the triage list. */
export { RaiseProblemForm } from './RaiseProblemForm';
export { ProblemList, ProblemsSection } from './ProblemList';
