// Never answers: a busy loop, which only stopping the thread ends (a promise that never settles
// would let the event loop go on; this does not).
export const handler = async () => {
  for (;;) {
    // spin
  }
};
