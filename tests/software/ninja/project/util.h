int scaled(int x);
