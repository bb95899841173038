/** What the Rollout panel hosts of the problem surfaces: the raise flow and the triage list. */
export { RaiseProblemForm } from './RaiseProblemForm';
export { RaiseProblem } from './RaiseProblem';
export { ProblemList, ProblemsSection } from './ProblemList';
