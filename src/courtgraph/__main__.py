from courtgraph.cli import main

main()
