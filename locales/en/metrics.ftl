# metrics
