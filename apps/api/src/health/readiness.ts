/** Whether start-up work (loading the demo org) is done; /health reports it so clients and probes can wait. */
export class Readiness {
  ready = false;
}
