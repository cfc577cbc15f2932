// Known sizes of the embedded MNIST (from its IDX headers), used to check a config before any
// data is read: e.g. a batch larger than the training set is an error at edit time.
export const MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949] as const;
export const MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009] as const;
