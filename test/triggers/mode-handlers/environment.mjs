// Tells what a handler sees of its process's environment, and writes a variable of its own.
export const handler = async (event) => {
  event.response = {
    names: Object.keys(process.env),
    visible: process.env.TRIGGER_TEST_VISIBLE ?? null,
    late: process.env.TRIGGER_TEST_LATE ?? null,
  };
  process.env.TRIGGER_TEST_SET_BY_HANDLER = "yes";
  return event;
};
